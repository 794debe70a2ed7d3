import { useEffect, useState } from "preact/hooks";
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
function currentRoute(): AdminRoute {
  const id = location.hash.replace(/^#\/?/, "");
  return ROUTES.find((r) => r.id === id) ?? ROUTES[0]!;
}

function Admin({ session }: { session: Session }) {
  const { user } = session;
  const [route, setRoute] = useState(currentRoute);

  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  useEffect(() => {
    document.title = `${route.label} · Parley Admin`;
  }, [route]);

  // The server refuses other roles with 403 anyway; this just says so up front.
  if (user.role !== "site_admin")
    return (
      <NoAccess
        user={user}
        onLogout={() => void session.logout()}
        hint={
          <p>
            The admin pages are for site administrators. <a href="/console/">Open the agent console</a>
          </p>
        }
      />
    );

  const Page = route.page;
  return (
    <div class="admin">
      <AppHeader product="Admin" user={user} onLogout={() => void session.logout()} />
      <div class="admin-body">
        <nav class="admin-nav" aria-label="Settings">
          <ul>
            {ROUTES.map((r) => (
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
            {/* Keyed: each page starts fresh when entered. */}
            <Page key={route.id} user={user} />
          </div>
        </main>
      </div>
    </div>
  );
}
