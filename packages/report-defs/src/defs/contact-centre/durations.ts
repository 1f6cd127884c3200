/**
 * Contact centre beyond the seeds: how long the first agent reply and the whole conversation took,
 * as distributions, and the average resolution time.
 */
import type { ReportDefinition } from "../../definition";
import { durationHistogram } from "../builders";
import { facts, kpi } from "../common";
import { m, meta } from "../measures";

/** Contact centre: first response and resolution time distributions. */
export const durationReports: ReportDefinition[] = [
  durationHistogram(
    facts.assignments,
    {
      id: "contact_centre.first_response_histogram",
      name: "First response time distribution",
      description: "Assignments by how long the first agent reply took.",
      category: "Contact centre",
      source: "industry first response time",
    },
    {
      ...m.conversations,
      id: "assignments",
      label: "Assignments",
      definition:
        "Counts assignments offered in the period by the seconds from being offered to the first agent message, in buckets; assignments without an agent reply are excluded.",
    },
    { label: "First response time", from: "assigned_at", to: "first_response_at" },
  ),
  kpi(
    facts.conversations,
    "contact_centre.resolution_time",
    meta("Resolution time", "Time from start to end of a conversation.", "Contact centre", "industry resolution time"),
    m.resolution,
  ),
  durationHistogram(
    facts.conversations,
    {
      id: "contact_centre.resolution_histogram",
      name: "Resolution time distribution",
      description: "Conversations by how long they took to end.",
      category: "Contact centre",
      source: "industry resolution time",
    },
    {
      ...m.conversations,
      definition:
        "Counts conversations that started in the period and have ended, by the seconds from start to end, in buckets; open conversations are excluded.",
    },
    { label: "Resolution time", from: "started_at", to: "ended_at" },
  ),
];
