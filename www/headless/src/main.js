// A single-page store on the exitpoll npm package: routes change with the
// history API, and the app tells the widget its stage and cart context.
import { init } from "exitpoll";

const params = new URLSearchParams(location.search);
// The collector comes from ?collector=... (tests) or the page's own origin.
const endpoint = params.get("collector") ?? location.origin;

const products = [
  { id: "runner", name: "Trail Runner", price: 89 },
  { id: "beanie", name: "Merino Beanie", price: 24 },
];
const cart = [];
const app = document.getElementById("app");

function render() {
  const route = location.hash.replace(/^#/, "") || "/";
  document.getElementById("cart-link").textContent = `Cart (${cart.length})`;
  app.textContent = "";
  if (route === "/cart") {
    const h = document.createElement("h1");
    h.textContent = "Your cart";
    app.append(h);
    for (const p of cart) {
      const row = document.createElement("div");
      row.className = "item";
      row.textContent = `${p.name} — €${p.price}`;
      app.append(row);
    }
    const buy = document.createElement("button");
    buy.id = "checkout";
    buy.textContent = "Place order";
    buy.onclick = () => navigate("/thanks");
    app.append(buy);
    widget?.setStage("cart");
    widget?.setContext({ cart_value: cart.reduce((s, p) => s + p.price, 0), currency: "EUR", cart_items: cart.length });
  } else if (route === "/thanks") {
    const h = document.createElement("h1");
    h.textContent = "Thank you for your order!";
    app.append(h);
    widget?.setStage("thank_you");
    widget?.setContext({ order_id: "HL-1001", order_value: cart.reduce((s, p) => s + p.price, 0), currency: "EUR" });
  } else {
    const h = document.createElement("h1");
    h.textContent = "Shop";
    app.append(h);
    for (const p of products) {
      const row = document.createElement("div");
      row.className = "item";
      row.textContent = `${p.name} — €${p.price} `;
      const add = document.createElement("button");
      add.textContent = "Add to cart";
      add.dataset.add = p.id;
      add.onclick = () => {
        cart.push(p);
        render();
      };
      row.append(add);
      app.append(row);
    }
    widget?.setStage("product");
  }
}

function navigate(path) {
  history.pushState({}, "", `${location.pathname}${location.search}#${path}`);
  render();
}

document.addEventListener("click", (e) => {
  const a = e.target.closest("a[data-link]");
  if (a) {
    e.preventDefault();
    navigate(a.getAttribute("href").slice(1));
  }
});
addEventListener("popstate", render);

let widget = null;
render();
widget = await init({ site: "demo", endpoint });
widget.on("completed", (d) => document.body.setAttribute("data-exitpoll-completed", d.survey_id));
window.storeWidget = widget;
render();
