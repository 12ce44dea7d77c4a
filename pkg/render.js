var f="exitpoll-widget",g="6e705aee4cd794ff",x="button, a[href], input, textarea";function i(c,e,t){let o=document.createElement(c);if(e)for(let a in e)e[a]!==void 0&&e[a]!==null&&o.setAttribute(a,e[a]);return t!==void 0&&(o.textContent=t),o}var d=null;function b(){return d||(d=new CSSStyleSheet,d.replaceSync(m)),d}function y(c,e){let t=null;return{render(o){let a=JSON.parse(o);switch(a.kind){case"open":t?.close(),t=new h(a,c,e);break;case"question":t?.question(a);break;case"invalid":t?.invalid(a.message);break;case"thanks":t?.thanks(a);break;case"close":t?.close(),t=null;break}},close(){t?.close(),t=null}}}var h=class{constructor(e,t,o){this.on=t,this.view=e,this.ctaUsed=!1,this.restore=document.activeElement instanceof HTMLElement?document.activeElement:null,this.host=i(f);let a=this.host.attachShadow({mode:"open"});a.adoptedStyleSheets=[b()],this.root=a;let n=e.position==="center";n&&a.append(i("div",{class:"ep-backdrop",part:"backdrop"}));let r=i("div",{class:`ep ep--${e.position}`,part:"dialog",role:"dialog","aria-labelledby":"ep-title","aria-modal":n?"true":null,tabindex:"-1",lang:e.locale,"data-survey":e.survey_id});r.style.setProperty("--ep-config-accent",e.accent),r.style.setProperty("--ep-config-font",e.font),this.closeButton=i("button",{type:"button",class:"ep-close",part:"close","aria-label":e.strings.close,"data-ep":"close"},"\xD7"),this.body=i("div",{class:"ep-body"}),this.live=i("p",{class:"ep-sr",role:"status","aria-live":"polite"}),r.append(this.closeButton,this.body,this.live),a.append(r),this.dialog=r;let p={signal:o};a.addEventListener("submit",s=>{s.preventDefault(),this.on.submit(this.answer())},p),a.addEventListener("click",s=>{let l=s.target instanceof Element?s.target.closest("[data-ep]"):null;if(!l)return;let u=l.getAttribute("data-ep");u==="close"?this.on.dismiss():u==="copy"?this.copy(l):u==="cta"&&(this.ctaUsed=!0)},p),a.addEventListener("keydown",s=>{s.key==="Escape"?(s.preventDefault(),this.on.dismiss()):s.key==="Tab"&&this.trapTab(s)},p),a.addEventListener("change",s=>{let l=a.querySelector("[data-ep='other-text']");l&&s.target.name==="ep-q"&&(l.hidden=!(a.querySelector("input[value='__other']")||{}).checked)},p),document.body.append(this.host)}question(e){let t=this.body;this.ctaUsed=!1,this.kind=e.type,this.multiline=!!e.multiline,t.textContent="";let o=this.view.strings;if(e.total>1){let r=i("div",{class:"ep-progress",part:"progress","aria-hidden":"true"}),p=i("div",{class:"ep-bar"});p.style.width=`${Math.round(e.position*100/e.total)}%`,r.append(p),t.append(r,i("p",{class:"ep-step",part:"step"},e.progress))}let a=i("form",{class:"ep-form",part:"form",novalidate:""});a.append(i("h2",{id:"ep-title",class:"ep-title",part:"title"},e.prompt)),e.description&&a.append(i("p",{id:"ep-description",class:"ep-description",part:"description"},e.description)),a.append(this.controls(e)),a.append(i("p",{id:"ep-error",class:"ep-error",part:"error",role:"alert"}));let n=i("div",{class:"ep-actions"});n.append(i("button",{type:"submit",class:"ep-button",part:"button next"},e.last?o.submit:o.next)),a.append(n),t.append(a),this.focusFirst()}controls(e){let t=i("div",{class:"ep-fieldset",part:"answers"}),o={"aria-labelledby":"ep-title","aria-describedby":"ep-error","aria-required":e.required?"true":null},a=(n,r,p,s)=>{let l=i("label",{class:"ep-option",part:"option"});l.append(i("input",{type:r,name:"ep-q",value:p}),i("span",null,s)),n.append(l)};switch(e.type){case"nps":case"rating":{let n=i("div",{class:`ep-scale ep-${e.style}`,role:"radiogroup",...o});for(let r of e.scale){let p=i("label",{class:"ep-cell",part:"option"});p.append(i("input",{type:"radio",name:"ep-q",value:String(r.value),"aria-label":r.name}),i("span",{"aria-hidden":"true"},r.face)),n.append(p)}if(t.append(n),e.low_label||e.high_label){let r=i("div",{class:"ep-ends","aria-hidden":"true"});r.append(i("span",null,e.low_label||""),i("span",null,e.high_label||"")),t.append(r)}break}case"single_choice":case"multiple_choice":{let n=e.type==="single_choice",r=i("div",{class:"ep-options",role:n?"radiogroup":"group",...o});for(let p of e.choices)a(r,n?"radio":"checkbox",p.id,p.label);if(e.other){a(r,"radio","__other",e.other);let p=i("input",{type:"text",class:"ep-input ep-other",name:"ep-other",maxlength:"5000","aria-label":e.other,placeholder:e.other_placeholder,"data-ep":"other-text"});p.hidden=!0,t.append(r,p)}else t.append(r);break}case"text":case"email":{let n=e.multiline?"textarea":"input",r=i(n,{class:"ep-input",name:"ep-q",type:n==="input"?e.type==="email"?"email":"text":null,autocomplete:e.type==="email"?"email":"off",inputmode:e.type==="email"?"email":null,maxlength:e.max_length?String(e.max_length):null,placeholder:e.placeholder,...o});t.append(r);break}case"cta":{e.code&&(t.append(i("p",{class:"ep-code",part:"code"},e.code)),t.append(i("button",{type:"button",class:"ep-cta",part:"button cta","data-ep":"copy","data-code":e.code},e.copy_label))),e.url&&t.append(i("a",{class:"ep-cta",part:"button cta",href:e.url,target:"_blank",rel:"noopener noreferrer","data-ep":"cta"},e.button));break}}return t}answer(){let e=this.root,t=()=>[...e.querySelectorAll("input[name='ep-q']:checked")].map(o=>o.value);switch(this.kind){case"nps":case"rating":{let[o]=t();return o===void 0?null:Number(o)}case"single_choice":{let[o]=t();if(o===void 0)return null;if(o!=="__other")return o;let a=e.querySelector("input[name='ep-other']").value.trim();return a?{other:a}:null}case"multiple_choice":{let o=t();return o.length?o:null}case"text":case"email":{let o=e.querySelector("[name='ep-q']").value.trim();return o||null}case"cta":return this.ctaUsed?"clicked":null;default:return null}}copy(e){this.ctaUsed=!0;let t=e.getAttribute("data-code"),o=()=>{e.isConnected&&(e.textContent=this.view.strings.copied,this.live.textContent=this.view.strings.copied)};navigator.clipboard&&navigator.clipboard.writeText?navigator.clipboard.writeText(t).then(o,()=>{this.on.log("the clipboard is not available; the code stays on screen"),o()}):o()}invalid(e){let t=this.root.getElementById("ep-error");t&&(t.textContent=e);for(let o of this.root.querySelectorAll("[aria-describedby='ep-error']"))o.setAttribute("aria-invalid","true");this.focusFirst()}thanks(e){let t=i("div",{class:"ep-thanks",part:"thanks"});t.append(i("h2",{id:"ep-title",class:"ep-title",part:"title"},e.title)),e.body&&t.append(i("p",{class:"ep-description",part:"description"},e.body)),this.body.textContent="",this.body.append(t),this.live.textContent=e.body?`${e.title} ${e.body}`:e.title,this.dialog.focus()}focusables(){return[...this.dialog.querySelectorAll(x)].filter(e=>{if(e.hidden||e.disabled)return!1;if(e.type!=="radio")return!0;let t=[...this.dialog.querySelectorAll(`input[type=radio][name='${e.name}']`)],o=t.find(a=>a.checked);return o?o===e:t[0]===e})}focusFirst(){(this.body.querySelector("input:not([hidden]), textarea, a[href], .ep-cta, .ep-button")||this.dialog).focus()}trapTab(e){let t=this.focusables();if(!t.length)return;let o=this.root.activeElement,a=t[0],n=t[t.length-1];e.shiftKey&&(o===a||!o||o===this.dialog)?(e.preventDefault(),n.focus()):!e.shiftKey&&(o===n||!o)&&(e.preventDefault(),a.focus())}close(){this.host.remove(),this.restore&&this.restore.isConnected&&this.restore.focus()}},m=`:host {
  all: initial;
}
.ep {
  all: initial;
  --ep-accent: var(--exitpoll-accent, var(--ep-config-accent, #1f6feb));
  --ep-accent-text: var(--exitpoll-accent-text, #ffffff);
  --ep-bg: var(--exitpoll-bg, #ffffff);
  --ep-text: var(--exitpoll-text, #1f2328);
  --ep-muted: var(--exitpoll-muted, #57606a);
  --ep-border: var(--exitpoll-border, #d0d7de);
  --ep-radius: var(--exitpoll-radius, 12px);
  box-sizing: border-box;
  position: fixed;
  z-index: var(--exitpoll-z, 2147483000);
  bottom: 20px;
  width: var(--exitpoll-width, 360px);
  max-width: calc(100vw - 40px);
  max-height: calc(100vh - 40px);
  overflow: auto;
  display: block;
  padding: 20px;
  background: var(--ep-bg);
  color: var(--ep-text);
  border: 1px solid var(--ep-border);
  border-radius: var(--ep-radius);
  box-shadow: var(--exitpoll-shadow, 0 12px 32px rgba(31, 35, 40, 0.2));
  font-family: var(--exitpoll-font, var(--ep-config-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif));
  font-size: 15px;
  line-height: 1.45;
  text-align: left;
  animation: ep-in 180ms ease-out;
}
.ep *, .ep *::before, .ep *::after { box-sizing: border-box; }
.ep [hidden] { display: none !important; }
.ep--bottom-right { right: 20px; }
.ep--bottom-left { left: 20px; }
.ep--center {
  top: 50%;
  left: 50%;
  bottom: auto;
  transform: translate(-50%, -50%);
  width: var(--exitpoll-width, 440px);
}
.ep-backdrop {
  all: initial;
  position: fixed;
  inset: 0;
  z-index: calc(var(--exitpoll-z, 2147483000) - 1);
  background: rgba(0, 0, 0, 0.4);
}
@media (max-width: 639px) {
  .ep, .ep--center {
    left: 0;
    right: 0;
    bottom: 0;
    top: auto;
    transform: none;
    width: 100%;
    max-width: 100%;
    max-height: 85vh;
    border-radius: var(--ep-radius) var(--ep-radius) 0 0;
    border-width: 1px 0 0;
    padding-bottom: max(20px, env(safe-area-inset-bottom));
    animation-name: ep-up;
  }
}
@keyframes ep-in { from { opacity: 0; transform: translateY(8px); } }
@keyframes ep-up { from { transform: translateY(100%); } }
.ep--center { animation-name: ep-fade; }
@keyframes ep-fade { from { opacity: 0; } }
@media (prefers-reduced-motion: reduce) {
  .ep, .ep--center { animation: none; }
  .ep * { transition: none !important; }
}
.ep-close {
  all: initial;
  position: absolute;
  top: 8px;
  right: 8px;
  width: 32px;
  height: 32px;
  display: flex;
  align-items: center;
  justify-content: center;
  border-radius: 6px;
  color: var(--ep-muted);
  font: 22px/1 system-ui, sans-serif;
  cursor: pointer;
}
.ep-close:hover { background: rgba(127, 127, 127, 0.15); color: var(--ep-text); }
.ep-progress {
  display: block;
  height: 4px;
  margin: 0 36px 12px 0;
  border-radius: 2px;
  background: var(--ep-border);
  overflow: hidden;
}
.ep-bar { display: block; height: 100%; background: var(--ep-accent); transition: width 200ms; }
.ep-step { display: block; margin: 0 36px 4px 0; color: var(--ep-muted); font-size: 12px; }
.ep-title {
  display: block;
  margin: 0 36px 6px 0;
  font-size: 17px;
  font-weight: 600;
  line-height: 1.35;
}
.ep-description { display: block; margin: 0 0 10px; color: var(--ep-muted); font-size: 14px; }
.ep-form { display: block; margin: 0; }
.ep-fieldset { all: unset; display: block; margin: 10px 0 0; }
.ep-options { display: flex; flex-direction: column; gap: 6px; }
.ep-option {
  display: flex;
  align-items: center;
  gap: 10px;
  padding: 9px 12px;
  border: 1px solid var(--ep-border);
  border-radius: 8px;
  cursor: pointer;
}
.ep-option:hover { border-color: var(--ep-accent); }
.ep-option:has(input:checked) { border-color: var(--ep-accent); box-shadow: inset 0 0 0 1px var(--ep-accent); }
.ep-option input { accent-color: var(--ep-accent); width: 16px; height: 16px; margin: 0; flex: none; }
.ep-scale { display: flex; gap: 4px; flex-wrap: nowrap; }
.ep-scale .ep-cell { flex: 1 1 0; position: relative; min-width: 0; }
.ep-cell input {
  position: absolute;
  opacity: 0;
  width: 100%;
  height: 100%;
  margin: 0;
  cursor: pointer;
}
.ep-cell span {
  display: flex;
  align-items: center;
  justify-content: center;
  min-height: 36px;
  border: 1px solid var(--ep-border);
  border-radius: 6px;
  font-size: 14px;
  user-select: none;
}
.ep-cell input:checked + span { background: var(--ep-accent); color: var(--ep-accent-text); border-color: var(--ep-accent); }
.ep-cell input:focus-visible + span { outline: 3px solid var(--ep-accent); outline-offset: 2px; }
.ep-stars .ep-cell span { font-size: 22px; border-color: transparent; color: var(--ep-muted); }
.ep-stars .ep-cell input:checked + span { background: transparent; color: #d4a017; border-color: transparent; }
.ep-emoji .ep-cell span { font-size: 22px; }
.ep-ends { display: flex; justify-content: space-between; margin-top: 4px; color: var(--ep-muted); font-size: 12px; }
.ep-input {
  display: block;
  width: 100%;
  margin: 10px 0 0;
  padding: 9px 12px;
  border: 1px solid var(--ep-border);
  border-radius: 8px;
  background: var(--ep-bg);
  color: var(--ep-text);
  font: inherit;
}
textarea.ep-input { min-height: 96px; resize: vertical; }
.ep-other { margin-top: 6px; }
.ep-code {
  display: block;
  margin: 10px 0;
  padding: 10px;
  border: 1px dashed var(--ep-accent);
  border-radius: 8px;
  text-align: center;
  font: 600 18px/1.2 ui-monospace, SFMono-Regular, Menlo, monospace;
  letter-spacing: 0.05em;
}
.ep-error { display: block; min-height: 0; margin: 8px 0 0; color: #b42318; font-size: 13px; }
.ep-error:empty { display: none; }
.ep-actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 14px; }
.ep-button, .ep-cta {
  all: initial;
  display: inline-flex;
  align-items: center;
  justify-content: center;
  min-height: 38px;
  padding: 0 16px;
  border-radius: 8px;
  background: var(--ep-accent);
  color: var(--ep-accent-text);
  font: 600 14px/1 var(--exitpoll-font, system-ui, -apple-system, sans-serif);
  cursor: pointer;
  text-decoration: none;
}
.ep-cta { width: 100%; margin-top: 6px; }
.ep-button--secondary { background: transparent; color: var(--ep-text); border: 1px solid var(--ep-border); }
.ep-thanks { display: block; padding: 8px 36px 8px 0; }
.ep :focus-visible { outline: 3px solid var(--ep-accent); outline-offset: 2px; }
.ep-sr {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
}
`;export{g as BUILD,f as HOST_TAG,y as createRenderer};
