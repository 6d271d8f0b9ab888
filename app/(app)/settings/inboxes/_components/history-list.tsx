import type { ReactNode } from "react";
import { History } from "lucide-react";
import { Avatar } from "@/components/ui/avatar";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/access/actor";
import { inboxHistory } from "@/lib/audit/record";
import { listTeams } from "@/lib/teams/teams";
import { listAgents } from "@/lib/users/agents";
import { LocalTime } from "../../_components/local-time";
import { channelUi } from "./channel-ui";
import { inSentence } from "./in-sentence";

type Event = Awaited<ReturnType<typeof inboxHistory>>[number];
type Names = { people: Map<string, string>; teams: Map<string, string> };

function list(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

const fieldWords: Record<string, string> = { name: "the name", configuration: "the channel settings", credentials: "the credentials" };

/** One audit event as a sentence after the actor's name, e.g. "added Tom and Lee". */
function describe(e: Event, channelType: string, names: Names): ReactNode {
  const d = e.details ?? {};
  const person = (id: string) => names.people.get(id) ?? "a removed user";
  const team = (id: string) => names.teams.get(id) ?? "a deleted team";
  switch (e.action) {
    case "inbox.created":
      return "created the inbox";
    case "inbox.updated": {
      const fields = ids(d.fields).map((f) => fieldWords[f] ?? f);
      return fields.length ? `changed ${list(fields)}` : "updated the inbox";
    }
    case "inbox.secret_regenerated": {
      const label = channelUi(channelType).generated.find((g) => g.key === d.field)?.label ?? String(d.field ?? "a generated value");
      return `regenerated the ${inSentence(label)}`;
    }
    case "inbox.deleted":
      return "deleted the inbox";
    case "inbox.agents_changed":
    case "inbox.teams_changed": {
      const name = e.action === "inbox.agents_changed" ? person : team;
      const noun = e.action === "inbox.agents_changed" ? "" : ids(d.added).length + ids(d.removed).length > 1 ? "teams " : "team ";
      const parts = [
        ids(d.added).length ? `added ${noun}${list(ids(d.added).map(name))}` : null,
        ids(d.removed).length ? `removed ${noun}${list(ids(d.removed).map(name))}` : null,
      ].filter(Boolean);
      return parts.join("; ") || "changed collaborators";
    }
    default:
      return e.action.replace(/^inbox\./, "").replaceAll("_", " ");
  }
}

export async function HistoryList({ inboxId, channelType, actor }: { inboxId: string; channelType: string; actor: Actor }) {
  const db = getDb();
  const [events, people, teams] = await Promise.all([inboxHistory(db, inboxId), listAgents(db, actor), listTeams(db)]);
  if (events.length === 0) {
    return (
      <Card>
        <EmptyState icon={<History />} title="No changes recorded yet" description="Changes to this inbox's settings, credentials and collaborators appear here." />
      </Card>
    );
  }
  const names: Names = { people: new Map(people.map((p) => [p.id, p.name])), teams: new Map(teams.map((t) => [t.id, t.name])) };
  return (
    <Card>
      <ol className="divide-y divide-border">
        {events.map((e) => {
          const who = e.actorName ?? "Konversio";
          return (
            <li key={e.id} className="flex items-start gap-3 px-4 py-3">
              <Avatar name={who} size="sm" decorative className="mt-px" />
              <p className="min-w-0 flex-1 text-base text-fg">
                <span className="font-medium">{who}</span> <span className="text-fg">{describe(e, channelType, names)}</span>
              </p>
              <LocalTime value={e.createdAt} mode="datetime" className="shrink-0 text-sm text-fg-muted" />
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
