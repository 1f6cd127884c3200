import { describe, expect, it } from "vitest";
import { codeLabel, humanise, languageName } from "./codes";

describe("humanise", () => {
  it.each([
    ["resolved_by_bot", "Resolved by bot"],
    ["user_inactive", "User inactive"],
    ["ivr_menu", "IVR menu"],
    ["bot", "Bot"],
    ["csat_low", "CSAT low"],
    ["Order status", "Order status"],
    ["(not set)", "(not set)"],
    ["lars.willems", "lars.willems"],
  ])("%s -> %s", (code, label) => {
    expect(humanise(code)).toBe(label);
  });
});

describe("languageName", () => {
  it("names a language in the locale through Intl.DisplayNames", () => {
    expect(languageName("nl", "en-US")).toBe("Dutch");
    expect(languageName("nl", "de-DE")).toBe("Niederländisch");
    expect(languageName("fr", "fr-FR")).toBe("français");
    expect(languageName("pt_BR", "en-US")).toBe("Brazilian Portuguese");
  });

  it("keeps what is not a language tag, or one Intl does not know", () => {
    expect(languageName("(not set)", "en-US")).toBe("(not set)");
    expect(languageName("qqq", "en-US")).toBe("qqq");
  });
});

describe("codeLabel", () => {
  it("writes codes of coded dimensions and record fields as words", () => {
    expect(codeLabel("left_queue", "Closing reason", "en-US")).toBe("Left queue");
    expect(codeLabel("spam", "closing_reason", "en-US")).toBe("Spam");
    expect(codeLabel("hybrid", "Handled by", "en-US")).toBe("Hybrid");
    expect(codeLabel("chat", "channel", "en-US")).toBe("Chat");
  });

  it("names languages", () => {
    expect(codeLabel("de", "Language", "en-US")).toBe("German");
    expect(codeLabel("de", "language", "fr-FR")).toBe("allemand");
  });

  it("never rewrites names or ids, and humanises snake_case elsewhere", () => {
    expect(codeLabel("john_doe", "Agent", "en-US")).toBe("john_doe");
    expect(codeLabel("conv_1_a", "conversation_id", "en-US")).toBe("conv_1_a");
    expect(codeLabel("order_status", "Topic", "en-US")).toBe("Order status");
    expect(codeLabel("Billing", "Queue", "en-US")).toBe("Billing");
    expect(codeLabel("password_reset", undefined, "en-US")).toBe("Password reset");
    expect(codeLabel("Calls offered", null, "en-US")).toBe("Calls offered");
  });
});
