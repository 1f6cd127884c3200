/** Lifecycle (issue 16): the conversation's life. */
export { botReports } from "./bot";
