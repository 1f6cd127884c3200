/**
 * Agent performance (seeds/002): per agent, the assignments picked up, the conversation time and
 * the time online, each as a ranking of the period and a daily series.
 */
import type { ReportDefinition } from "../../definition";
import { agentRankingAndDaily } from "../builders";
import { facts } from "../common";
import { byAgent, m, S002 } from "../measures";

/** Agent performance: a ranking and a daily series per measure. */
export const agentReports: ReportDefinition[] = [
  ...agentRankingAndDaily(
    facts.assignments,
    {
      id: "agents.conversations",
      name: "Conversations per agent",
      dailyName: "Conversations per agent per day",
      description: "Assignments each agent handled.",
      category: "Agent performance",
      source: S002,
    },
    m.agentConversations,
    byAgent,
  ),
  ...agentRankingAndDaily(
    facts.assignments,
    {
      id: "agents.conversation_time",
      name: "Conversation minutes per agent",
      dailyName: "Conversation minutes per agent per day",
      description: "Time each agent spent in conversations.",
      category: "Agent performance",
      source: S002,
    },
    m.agentTime,
    byAgent,
  ),
  ...agentRankingAndDaily(
    facts.onlineStates,
    {
      id: "agents.connection_time",
      name: "Connection hours per agent",
      dailyName: "Connection hours per agent per day",
      description: "Time each agent was online.",
      category: "Agent performance",
      source: S002,
    },
    m.connection,
    byAgent,
  ),
];
