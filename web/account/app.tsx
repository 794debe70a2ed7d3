import { useEffect, useState } from "preact/hooks";
import { SessionGate } from "../shared/session";
import { Toaster } from "../shared/toast";
import { AccountPage } from "./account-page";
import { takeLinkToken, type LinkToken } from "./link-token";
import { SetPasswordPage } from "./set-password";

/**
 * /account/: with an invitation or reset link, the page to choose a password (no session
 * needed); otherwise the signed-in user's own account.
 */
export function App() {
  const [link, setLink] = useState<LinkToken | null>(takeLinkToken);

  // A link opened while this page is already showing changes only the fragment.
  useEffect(() => {
    const onHash = () => {
      const next = takeLinkToken();
      if (next) setLink(next);
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  return (
    <>
      {link ? (
        <SetPasswordPage key={link.token} link={link} />
      ) : (
        <SessionGate product="Account">{(s) => <AccountPage session={s} />}</SessionGate>
      )}
      <Toaster />
    </>
  );
}
