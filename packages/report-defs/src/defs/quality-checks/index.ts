/** Quality checks (seeds/000): AI quality checks on calls. */
export { qualityReports } from "./checks";
