/** Contacts (seeds/001, seeds/002). */
export { contactReports } from "./contacts";
