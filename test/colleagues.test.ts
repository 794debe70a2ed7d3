import { describe, expect, it } from "vitest";
import type { Colleague, ColleagueMessage, LobbyServerFrame } from "../core/protocol";
import { api, login, lobbySocket, makeTenant, setChatSettings as setSettings, trackSockets } from "./helpers";

const track = trackSockets();


const colleagues = async (cookie: string) => ((await (await api("/api/console/colleagues", { cookie })).json()) as { colleagues: Colleague[] }).colleagues;
const say = (cookie: string, to: string, body: string) => api(`/api/console/colleagues/${to}/messages`, { method: "POST", cookie, body: { body } });
const history = async (cookie: string, withId: string) =>
  ((await (await api(`/api/console/colleagues/${withId}/messages`, { cookie })).json()) as { messages: ColleagueMessage[] }).messages;
const isColleague = (body: string) => (f: LobbyServerFrame) => f.type === "colleague" && f.message.body === body;
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe("agent-to-agent chats", () => {
  it("a message reaches the colleague's console at once, masked, and both see the conversation", async () => {
    const t = await makeTenant();
    const [alice, bob] = [await login(t.emails.alice), await login(t.emails.bob)];
    const bobLobby = track(await lobbySocket(bob));
    const aliceLobby = track(await lobbySocket(alice));
    expect((await colleagues(alice)).map((c) => c.name).sort()).toEqual(["Ada Admin", "Bob Agent", "Dora Deptmanager", "Max Manager"]);

    const res = await say(alice, t.users[t.emails.bob]!, "Can you take the customer with card 4111 1111 1111 1111?");
    expect(res.status).toBe(201);
    const masked = "Can you take the customer with card [card ····1111]?";
    const got = await bobLobby.next(isColleague(masked));
    expect(got.type === "colleague" && got.message.from.name).toBe("Alice Agent");
    // The sender's own consoles hear it too, so a second tab stays in step.
    await aliceLobby.next(isColleague(masked));

    expect((await say(bob, t.users[t.emails.alice]!, "Sure, send it over")).status).toBe(201);
    const seenByAlice = await history(alice, t.users[t.emails.bob]!);
    expect(seenByAlice.map((m) => m.body)).toEqual([masked, "Sure, send it over"]);
    expect(await history(bob, t.users[t.emails.alice]!)).toEqual(seenByAlice);
    // A third person's conversation with Alice does not include these.
    expect(await history(await login(t.emails.admin), t.users[t.emails.alice]!)).toEqual([]);
  });

  it("is refused by the server when the sender's role may not, and the colleague is not offered when theirs may not", async () => {
    const t = await makeTenant();
    await setSettings(t, (s) => {
      s.agent.agent.agentChats = false;
    });
    const [alice, admin] = [await login(t.emails.alice), await login(t.emails.admin)];
    const refused = await say(alice, t.users[t.emails.bob]!, "hello");
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe("disabled_by_policy");
    expect((await api("/api/console/colleagues", { cookie: alice })).status).toBe(403);
    // The administrator may, but agents cannot receive: they are neither listed nor reachable.
    expect((await colleagues(admin)).map((c) => c.name).sort()).toEqual(["Dora Deptmanager", "Max Manager"]);
    const toAgent = await say(admin, t.users[t.emails.alice]!, "hello");
    expect(toAgent.status).toBe(404);
    const state = (await (await api("/api/console/state", { cookie: alice })).json()) as { permissions: { agentChats: boolean } };
    expect(state.permissions.agentChats).toBe(false);
  });

  it("stays inside the tenant, and department managers reach only their departments' people", async () => {
    const t = await makeTenant();
    const other = await makeTenant();
    const alice = await login(t.emails.alice);
    expect((await say(alice, other.users[other.emails.bob]!, "hello")).status).toBe(404);
    const dm = await login(t.emails.dm);
    // Dora manages Sales: Alice and Bob serve Sales; the administrator and site manager serve none.
    expect((await colleagues(dm)).map((c) => c.name).sort()).toEqual(["Alice Agent", "Bob Agent"]);
    expect((await say(dm, t.users[t.emails.admin]!, "hello")).status).toBe(404);
    const bad = await api(`/api/console/colleagues/${t.users[t.emails.bob]}/messages`, { method: "POST", cookie: alice, body: { body: "   " } });
    expect(bad.status).toBe(400);
  });

  it("with archival disabled, messages are delivered and kept nowhere", async () => {
    const t = await makeTenant();
    await setSettings(t, (s) => {
      s.storage.disableArchival = true;
    });
    const [alice, bob] = [await login(t.emails.alice), await login(t.emails.bob)];
    const bobLobby = track(await lobbySocket(bob));
    expect((await say(alice, t.users[t.emails.bob]!, "ephemeral")).status).toBe(201);
    await bobLobby.next(isColleague("ephemeral"));
    expect(await history(bob, t.users[t.emails.alice]!)).toEqual([]);
  });
});
