/** Chatbot (seeds/002). */
export { chatbotReports } from "./intents";
