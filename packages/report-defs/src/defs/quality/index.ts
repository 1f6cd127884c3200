/** Quality (seeds/001): ratings. */
export { ratingsReports } from "./ratings";
export { surveyReports } from "./surveys";
