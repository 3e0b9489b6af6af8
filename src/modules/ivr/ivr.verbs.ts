// The IVR's answers as call-flow verbs (TwiML/ExoML-like XML) for platforms that speak them.
import { XMLBuilder } from "fast-xml-parser";
import type { Bilingual } from "./ivr.prompts.ts";

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: false,
  suppressEmptyNode: true,
});

const XML_DECL = { "@_version": "1.0", "@_encoding": "UTF-8" };

/** Hindi first (the DISCOM's callers), then English. */
function says(prompts: Bilingual) {
  return [
    { "@_language": "hi-IN", "#text": prompts.hi },
    { "@_language": "en-IN", "#text": prompts.en },
  ];
}

/** Where agents are: the queue the call joins when the IVR cannot finish it. */
function dial(queue: string) {
  return { Queue: queue };
}

export interface VerbOptions {
  /** Absolute URL the key press is posted to (…/api/ivr/register). */
  registerAction: string;
  /** The agent queue's name on the platform. */
  agentQueue: string;
}

/**
 * The lookup as verbs: with an offer, the prompt inside a one-key Gather that
 * posts to the register endpoint, and the agent queue when no key comes;
 * without one, the prompt and the agent queue.
 */
export function lookupVerbs(
  answer: { offerRegister: boolean; prompts: Bilingual },
  options: VerbOptions,
): string {
  const response = answer.offerRegister
    ? {
        Gather: {
          "@_numDigits": "1",
          "@_timeout": "6",
          "@_method": "POST",
          "@_action": options.registerAction,
          Say: says(answer.prompts),
        },
        Dial: dial(options.agentQueue),
      }
    : { Say: says(answer.prompts), Dial: dial(options.agentQueue) };
  return builder.build({ "?xml": XML_DECL, Response: response }) as string;
}

/** After a key press: the complaint's number and hang up, or the agent queue. */
export function registerVerbs(
  answer: { route: "agent" | "done"; prompts: Bilingual },
  options: Pick<VerbOptions, "agentQueue">,
): string {
  const response =
    answer.route === "done"
      ? { Say: says(answer.prompts), Hangup: "" }
      : { Say: says(answer.prompts), Dial: dial(options.agentQueue) };
  return builder.build({ "?xml": XML_DECL, Response: response }) as string;
}

/** Whether the platform asked for the verb form (Accept: application/xml or text/xml). */
export function wantsXml(accept: string | undefined): boolean {
  return accept !== undefined && /\b(?:application|text)\/xml\b/i.test(accept);
}
