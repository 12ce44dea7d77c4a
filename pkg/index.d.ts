// Types of the exitpoll npm package: the JS API and events of README.md.

import type { Stage } from "./site-config.js";

/** Canonical context keys, which the collector checks; other keys are kept as given. */
export interface Context {
  order_id?: string;
  order_value?: number;
  cart_value?: number;
  /** ISO 4217, such as "EUR". */
  currency?: string;
  cart_items?: number;
  customer_id?: string;
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  utm_term?: string;
  utm_content?: string;
  referrer?: string;
  [key: string]: unknown;
}

export interface InitOptions {
  /** Site id, as configured in the collector. */
  site: string;
  /** Collector base URL, such as "https://feedback.example.com". Required unless `config` is given. */
  endpoint?: string;
  /** A site config object (the config reference), used instead of fetching one. */
  config?: SiteConfig | string;
  /** URL of the site config JSON; defaults to `{endpoint}/v1/sites/{site}/config`. */
  configUrl?: string;
  /** Forces the page stage instead of detecting it. */
  stage?: Stage | null;
  /** Merged into every response's context. */
  context?: Context;
  /** `"pending"` (or false): nothing is stored or shown until `consent(true)`. */
  consent?: boolean | "granted" | "pending";
  /** Logs every decision, with its reason, to the console. */
  debug?: boolean;
}

/** An answer value, as the `answered` event and the export give it. */
export type AnswerValue = number | string | string[] | { other: string };

export interface EventDetail {
  survey_id: string;
  response_id: string;
}

export interface EventMap {
  ready: { site: string };
  shown: EventDetail;
  answered: EventDetail & { question_id: string; value: AnswerValue };
  completed: EventDetail;
  dismissed: EventDetail;
  error: { message: string; path?: string; fatal?: boolean };
}

export type EventName = keyof EventMap;

export interface Reason {
  /** stage, url, device, frequency, cooldown, session_cap, sampling, consent, gpc, dnt, status, another_open, too_early, trigger, manual */
  code: string;
  message: string;
}

export interface Explanation {
  survey_id: string;
  eligible: boolean;
  stage: Stage;
  reasons: Reason[];
}

export interface Widget {
  /** From `createWidget()`: resolves when the widget runs; rejects when it cannot start. */
  readonly ready?: Promise<Widget>;
  /** Merges context (order id, cart value, ...) into later responses. */
  setContext(context: Context): void;
  /** Overrides the detected stage (single-page apps); null returns to detection. */
  setStage(stage: Stage | null): void;
  /** Shows a survey now, bypassing its trigger but not consent. */
  show(surveyId: string): void;
  /** Closes the open survey, recorded as dismissed. */
  hide(): void;
  /** Grants or withdraws consent; withdrawing also clears local state. */
  consent(granted: boolean): void;
  /** For each survey: whether it could show now, and every reason it cannot. */
  explain(): Explanation[];
  /** Subscribes to an event; returns a function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (detail: EventMap[E]) => void): () => void;
  /** Removes every listener, timer and DOM node the widget made. */
  destroy(): void;
  /** Snippet-style call: `push(["setContext", { cart_value: 10 }])`. */
  push(call: [string, ...unknown[]]): void;
}

/** Starts the widget. Rejects with an Error naming the problem. */
export function init(options: InitOptions): Promise<Widget>;

/** Makes a handle at once that queues calls until the widget runs; `ready` says when it does. */
export function createWidget(options: InitOptions): Widget;

declare global {
  interface Window {
    exitpoll?: Widget | unknown[];
  }
  interface WindowEventMap {
    "exitpoll:ready": CustomEvent<EventMap["ready"]>;
    "exitpoll:shown": CustomEvent<EventMap["shown"]>;
    "exitpoll:answered": CustomEvent<EventMap["answered"]>;
    "exitpoll:completed": CustomEvent<EventMap["completed"]>;
    "exitpoll:dismissed": CustomEvent<EventMap["dismissed"]>;
    "exitpoll:error": CustomEvent<EventMap["error"]>;
  }
}

// ----- the site config (generated from its JSON Schema) -----

// Generated from the Rust types: site-config.d.ts comes from
// site-config.schema.json, which the protocol crate generates and a test keeps fresh.
import type { ExitpollSiteConfig } from "./site-config.js";
export type * from "./site-config.js";
/** A site config: crates/exitpoll-protocol/README.md in the repository. */
export type SiteConfig = ExitpollSiteConfig;
