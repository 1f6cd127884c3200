import { narrativesApi } from "../lib/narratives";
import { LinkDialog } from "./LinkDialog";

/**
 * Share a narrative report: a frozen public link of the report as it is (LinkDialog without modes),
 * with a label (required), an expiry, an optional passcode and "show agent names"; then its URL,
 * shown this once. The public page holds no call ids or personal data (docs/public-links.md).
 */
export function NarrativeShareDialog(props: { report: { id: string; name: string } | undefined; onClose: () => void }) {
  return (
    <LinkDialog
      open={props.report !== undefined}
      title="Share this report"
      testId="report-share"
      description={
        <>
          Anyone with the link sees this report as it is now, without signing in: its text and figures, agents as Agent
          1, Agent 2… unless you show names; no calls, no e-mail addresses.
        </>
      }
      defaultLabel="Narrative report"
      labelRequired
      create={(choices) => {
        const report = props.report;
        if (!report) return Promise.reject(new Error("No report to share"));
        return narrativesApi.share(report.id, {
          label: choices.label,
          expiresInDays: choices.expiresInDays,
          showAgentNames: choices.showAgentNames,
          ...(choices.passcode ? { passcode: choices.passcode } : {}),
        });
      }}
      onClose={props.onClose}
    />
  );
}
