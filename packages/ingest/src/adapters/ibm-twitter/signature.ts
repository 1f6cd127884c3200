/**
 * Agent signatures at the end of a customer-care tweet (IBM Twitter dataset, SOURCE.md: "agents can
 * sometimes be read from initials at the end of the final reply").
 *
 * A signature is a sigil, `^ * ~ - – /`, then at most one space, then one capitalised word of 1-20
 * letters (initials such as "JS", "SKC", or a first name such as "Kartika", "CharlesOpacki"), at the
 * very end of the text; the sigil must follow whitespace, '.', '!' or '?' (or start the text), so a
 * hyphenated URL ending ("...-Mute-All") is not one. A thread counter after it ("-Shie 3/3") is
 * allowed. Not recognised, by design: signatures without a sigil (Delta's "... Trinity"), with
 * '_' ("_Rjay"), or with a second word ("~Heather B.").
 *
 * On the dev file this reads 321 of the 586 agent texts (525 final replies and 61 earlier agent
 * messages), giving 119 agents: RockstarSupport "*SR", MojangSupport "^JS", AdobeCare "^Kartika",
 * AskeBay "~ Olivia", SpotifyCares "/EX", Ask_WellsFargo "-Massiel", and so on. AppleSupport,
 * AskPlayStation, Delta, DropboxSupport, Google, TeamYouTube, Uber_Support, hulu_support and zoom_us
 * never sign this way. 285 of the 525 first agent replies are signed.
 */
const SIGNATURE = /(?:^|[\s.!?])[\^*~\-\u2013/] ?([A-Z][A-Za-z]{0,19})(?:\s+\d+\/\d+)?\s*$/;

/** The signature (initials or first name, without the sigil) ending `text`, or undefined. */
export function agentSignature(text: string): string | undefined {
  return SIGNATURE.exec(text)?.[1];
}
