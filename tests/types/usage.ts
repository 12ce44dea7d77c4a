// Type-checks a typical use of the exitpoll package (tests/run: tsc --noEmit).
import { init, type Explanation, type SiteConfig, type Widget } from "exitpoll";

const config: SiteConfig = {
  site: "demo",
  surveys: [
    {
      id: "cart-exit",
      trigger: { type: "exit_intent", stages: ["cart"], signals: ["pointer_top", "scroll_up"] },
      questions: [
        { id: "reason", type: "single_choice", prompt: { en: "Why?", fr: "Pourquoi ?" }, choices: [{ id: "price", label: "Price" }] },
        { id: "nps", type: "nps", prompt: "How likely?" },
      ],
      logic: [{ if: { question: "reason", equals: "price" }, then: { goto: "nps" } }],
    },
  ],
};

async function main(): Promise<void> {
  const widget: Widget = await init({ site: "demo", endpoint: "https://feedback.example.com", config, consent: "pending" });
  widget.setContext({ cart_value: 84.5, currency: "EUR", custom_flag: true });
  widget.setStage("cart");
  widget.setStage(null);
  const off = widget.on("answered", (d) => {
    const q: string = d.question_id;
    const v = d.value;
    console.log(q, v, d.survey_id);
  });
  off();
  widget.on("error", (e) => console.error(e.message, e.path));
  const why: Explanation[] = widget.explain();
  console.log(why[0]?.reasons.map((r) => r.code));
  widget.consent(true);
  widget.show("cart-exit");
  widget.hide();
  widget.destroy();
  window.addEventListener("exitpoll:completed", (e) => console.log(e.detail.response_id));
}

void main;
