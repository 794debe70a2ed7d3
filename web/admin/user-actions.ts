import { api, seg } from "../shared/api";
import type { AdminUser, UserWithLink } from "./types";

/** What an action did: the account as it is now, a link to show once, or that it is gone. */
export type ActionResult = { user: AdminUser; link?: string } | { deleted: true };

export interface UserAction {
  id: "disable" | "enable" | "unlock" | "reset-password" | "reset-mfa" | "sign-out" | "delete";
  label: string;
  testId: string;
  /** Actions that take something away ask first; the words say exactly what will happen. */
  confirm?: { title: (u: AdminUser) => string; body: (u: AdminUser) => string; ok: string; danger?: boolean };
  run: (u: AdminUser) => Promise<ActionResult>;
  /** The toast after it worked. */
  done: (u: AdminUser) => string;
}

const path = (u: AdminUser, action = "") => `/api/admin/users/${seg(u.id)}${action}`;
const post = (u: AdminUser, action: string) => api<{ user: AdminUser }>(path(u, action), { method: "POST" });

export const ACTIONS: Record<UserAction["id"], UserAction> = {
  disable: {
    id: "disable",
    label: "Disable",
    testId: "user-toggle",
    confirm: {
      title: (u) => `Disable ${u.name}?`,
      body: (u) => `${u.name} is signed out everywhere at once and cannot sign in until enabled again. Their transcripts stay.`,
      ok: "Disable",
      danger: true,
    },
    run: (u) => api<{ user: AdminUser }>(path(u), { method: "PATCH", body: { disabled: true } }),
    done: (u) => `${u.name} can no longer sign in.`,
  },
  enable: {
    id: "enable",
    label: "Enable",
    testId: "user-toggle",
    run: (u) => api<{ user: AdminUser }>(path(u), { method: "PATCH", body: { disabled: false } }),
    done: (u) => `${u.name} can sign in again.`,
  },
  unlock: {
    id: "unlock",
    label: "Unlock",
    testId: "user-unlock",
    run: (u) => post(u, "/unlock"),
    done: (u) => `${u.name} is unlocked and can sign in again.`,
  },
  "reset-password": {
    id: "reset-password",
    label: "Reset password",
    testId: "user-reset-password",
    confirm: {
      title: (u) => `Reset ${u.name}'s password?`,
      body: (u) =>
        `Their current password stops working now and they are signed out everywhere. ${u.email} gets a one-time link to choose a new password (valid for 24 hours); you will also see the link once.`,
      ok: "Reset password",
      danger: true,
    },
    run: (u) => api<UserWithLink>(path(u, "/reset-password"), { method: "POST" }),
    done: (u) => `Reset link sent to ${u.email}.`,
  },
  "reset-mfa": {
    id: "reset-mfa",
    label: "Reset two-step sign-in",
    testId: "user-reset-mfa",
    confirm: {
      title: (u) => `Reset two-step sign-in for ${u.name}?`,
      body: () =>
        "Their authenticator app and recovery codes stop working and they are signed out everywhere. They set it up again when they next sign in (if your policy requires it) or from their account page. Do this only once you are sure it is really them asking.",
      ok: "Reset two-step sign-in",
      danger: true,
    },
    run: (u) => post(u, "/reset-mfa"),
    done: (u) => `Two-step sign-in reset for ${u.name}.`,
  },
  "sign-out": {
    id: "sign-out",
    label: "Sign out everywhere",
    testId: "user-sign-out",
    confirm: {
      title: (u) => `Sign ${u.name} out everywhere?`,
      body: () => "Every session of theirs ends now, on every device. They can sign in again straight away.",
      ok: "Sign out everywhere",
    },
    run: (u) => post(u, "/sign-out"),
    done: (u) => `${u.name} was signed out everywhere.`,
  },
  delete: {
    id: "delete",
    label: "Delete",
    testId: "user-delete",
    confirm: {
      title: (u) => `Delete ${u.name}?`,
      body: (u) => `${u.email} can no longer sign in, and the account cannot be restored. Transcripts of their chats stay. To stop access for a while, disable the account instead.`,
      ok: "Delete user",
      danger: true,
    },
    run: async (u) => {
      await api(path(u), { method: "DELETE" });
      return { deleted: true };
    },
    done: (u) => `${u.name} was deleted.`,
  },
};
