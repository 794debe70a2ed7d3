import { useEffect, useState } from "preact/hooks";
import { can } from "../../core/capabilities";
import { AppHeader } from "../shared/header";
import { NoAccess, SessionGate, type Session } from "../shared/session";
import { Toaster } from "../shared/toast";
import { ROUTES, type AdminRoute } from "./routes";

export function App() {
  return (
    <>
      <SessionGate product="Admin">{(s) => <Admin session={s} />}</SessionGate>
      <Toaster />
    </>
  );
}

/** Hash routing (#/users): the Worker serves one page for /admin/, so the path never changes. */
function currentRoute(routes: AdminRoute[]): AdminRoute | undefined {
  const id = location.hash.replace(/^#\/?/, "");
  return routes.find((r) => r.id === id) ?? routes[0];
}

function Admin({ session }: { session: Session }) {
  const { user } = session;
  // Each role sees the pages it may read: managers get read-only Users (and policy, events).
  const [routes] = useState(() => ROUTES.filter((r) => can(user.role, r.read)));
  const [route, setRoute] = useState(() => currentRoute(routes));

  useEffect(() => {
    const onHash = () => setRoute(currentRoute(routes));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, [routes]);

  useEffect(() => {
    document.title = route ? `${route.label} · Parley Admin` : "Parley Admin";
  }, [route]);

  // The server refuses other roles with 403 anyway; this just says so up front.
  if (!route)
    return (
      <NoAccess
        user={user}
        onLogout={() => void session.logout()}
        hint={
          <p>
            The admin pages are for administrators and managers. <a href="/console/">Open the agent console</a>
          </p>
        }
      />
    );

  const Page = route.page;
  const canWrite = route.write !== undefined && can(user.role, route.write);
  return (
    <div class="admin">
      <AppHeader product="Admin" user={user} onLogout={() => void session.logout()} />
      <div class="admin-body">
        <nav class="admin-nav" aria-label="Settings">
          <ul>
            {routes.map((r) => (
              <li key={r.id}>
                <a href={`#/${r.id}`} aria-current={r.id === route.id ? "page" : undefined} data-testid={`nav-${r.id}`}>
                  {r.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main class="admin-main" id="main">
          <div class="page">
            <h1 class="page-title">{route.label}</h1>
            <p class="muted page-desc">{route.description}</p>
            {route.write && !canWrite && (
              <p class="notice" data-testid="read-only">
                You can view this page. Only site administrators can change it.
              </p>
            )}
            {/* Keyed: each page starts fresh when entered. */}
            <Page key={route.id} user={user} canWrite={canWrite} />
          </div>
        </main>
      </div>
    </div>
  );
}
