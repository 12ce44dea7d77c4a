/* tslint:disable */
/* eslint-disable */

/**
 * The running widget: the one handle JavaScript holds.
 */
export class Widget {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Grants or withdraws consent; withdrawing also clears local state.
     */
    consent(granted: any): void;
    /**
     * Removes every listener, timer and DOM node the widget made.
     */
    destroy(): void;
    /**
     * For each survey: whether it could show now, and every reason it cannot.
     */
    explain(): any;
    /**
     * Closes the open survey, recorded as dismissed.
     */
    hide(): void;
    /**
     * Subscribes to an event; returns the function that unsubscribes.
     */
    on(event: any, listener: any): Function;
    /**
     * Lets the events go that waited for the handle: `ready` first. The
     * loader calls it once it has replayed the calls queued before.
     */
    ready(): void;
    /**
     * A problem the loader found (a bad `push` call), reported as the widget's own are.
     */
    report(message: any): void;
    /**
     * Merges context (order id, cart value, ...) into later responses.
     */
    setContext(context: any): void;
    /**
     * Overrides the detected stage; `null` returns to detection.
     */
    setStage(stage: any): void;
    /**
     * Shows a survey now, bypassing its trigger but not consent.
     */
    show(survey_id: any): void;
}

/**
 * The loader's guard caught a trap that was not a panic (a panic has
 * reported itself by then, and this does nothing).
 */
export function disable(message: string): void;

/**
 * Runs every queued job, including those the jobs queue. The loader's
 * guard calls it; nothing else should.
 */
export function runDeferred(): void;

/**
 * Sets the loader's guard (`js/handle.js`), which calls [`run`] inside a `try`.
 */
export function setGuard(guard: Function): void;

/**
 * Starts the widget, from `init(options)` (the JS API (the npm package's README)) or, given the
 * `<script>` element, from its `data-*` attributes (the script tag (README.md)).
 * Rejects, after reporting it, when the options are invalid or the widget
 * cannot start (the config is unreachable or unusable). Problems with the
 * attributes are reported once, on the console; those that leave nothing
 * to start with also reject.
 */
export function start(options: any): Promise<Widget>;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_widget_free: (a: number, b: number) => void;
    readonly disable: (a: number, b: number) => void;
    readonly runDeferred: () => void;
    readonly setGuard: (a: any) => void;
    readonly start: (a: any) => any;
    readonly widget_consent: (a: number, b: any) => void;
    readonly widget_destroy: (a: number) => void;
    readonly widget_explain: (a: number) => any;
    readonly widget_hide: (a: number) => void;
    readonly widget_on: (a: number, b: any, c: any) => any;
    readonly widget_ready: (a: number) => void;
    readonly widget_report: (a: number, b: any) => void;
    readonly widget_setContext: (a: number, b: any) => void;
    readonly widget_setStage: (a: number, b: any) => void;
    readonly widget_show: (a: number, b: any) => void;
    readonly wasm_bindgen__convert__closures_____invoke__h58f9b658b2190343: (a: number, b: number, c: any, d: any, e: any) => [number, number, number];
    readonly wasm_bindgen__convert__closures_____invoke__h37d9a1f9a844ee4b: (a: number, b: number, c: any, d: any) => void;
    readonly wasm_bindgen__convert__closures_____invoke__hfcf4a753497d8a5d: (a: number, b: number, c: any) => [number, number];
    readonly wasm_bindgen__convert__closures________invoke__h5bc916af7ccc1a42: (a: number, b: number, c: any) => void;
    readonly wasm_bindgen__convert__closures_____invoke__h6969f08254b0e030: (a: number, b: number) => void;
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __wbindgen_destroy_closure: (a: number, b: number) => void;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
