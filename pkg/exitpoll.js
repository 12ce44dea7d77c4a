(()=>{var Z=Object.defineProperty;var X=(r,e,t)=>()=>{if(t)throw t[0];try{return r&&(e=r(r=0)),e}catch(n){throw t=[n],n}};var Q=(r,e)=>{for(var t in e)Z(r,t,{get:e[t],enumerable:!0})};var B={};Q(B,{Widget:()=>x,default:()=>pe,initSync:()=>le,prepare:()=>ie});function ie(r){let e=b(r,a.__wbindgen_malloc,a.__wbindgen_realloc),t=h;a.prepare(e,t)}function I(){return{__proto__:null,"./exitpoll_widget_bg.js":{__proto__:null,__wbg_Error_208446807d0d1e30:function(e,t){return Error(g(e,t))},__wbg___wbindgen_rethrow_d953c34c2e20677f:function(e){throw e},__wbg___wbindgen_throw_4c88d8bf264fd984:function(e,t){throw new Error(g(e,t))},__wbg_beacon_a2f22f6d36b85cf5:function(e,t,n){return e.beacon(g(t,n))},__wbg_clear_2ef8418e40ed4752:function(e){e.clear()},__wbg_console_8bd9201cd5e43b76:function(e,t,n,i,o){e.console(g(t,n),g(i,o))},__wbg_emit_bb7ed907f9225815:function(e,t,n,i,o){e.emit(g(t,n),g(i,o))},__wbg_modalOpen_0eb24c2b5bd0c756:function(e){return e.modalOpen()},__wbg_now_4b08dc81fb635dac:function(){return Date.now()},__wbg_render_2f727e3c4db5928c:function(e,t,n){e.render(g(t,n))},__wbg_save_04750c459dbf369f:function(e,t,n){return e.save(g(t,n))},__wbg_schedule_bc816994c2c784b0:function(e,t){e.schedule(t)},__wbg_send_716d30246e70eb97:function(e,t,n,i){e.send(t>>>0,g(n,i))},__wbindgen_generic_0000000000000001:function(e,t){return g(e,t)},__wbindgen_init_externref_table:function(){let e=a.__wbindgen_externrefs;e.set(0,void 0),e.set(1024,void 0),e.set(1025,null),e.set(1026,!0),e.set(1027,!1)}}}}function g(r,e){return r=r>>>0,oe(T().subarray(r,r+e))}function T(){return(y===null||y.byteLength===0)&&(y=new Uint8Array(a.memory.buffer)),y}function N(r){return r==null}function b(r,e,t){if(t===void 0){let c=m.encode(r),d=e(c.length,1)>>>0;return T().subarray(d,d+c.length).set(c),h=c.length,d}let n=r.length,i=e(n,1)>>>0,o=T(),s=0;for(;s<n;s++){let c=r.charCodeAt(s);if(c>127)break;o[i+s]=c}if(s!==n){s!==0&&(r=r.slice(s)),i=t(i,n,n=s+r.length*3,1)>>>0;let c=T().subarray(i+s,i+n),d=m.encodeInto(r,c);s+=d.written,i=t(i,n,s,1)>>>0}return h=s,i}function E(r){let e=a.__wbindgen_externrefs.get(r);return a.__externref_table_dealloc(r),e}function oe(r){return M+=r.length,M>=re&&($=new TextDecoder("utf-8",{ignoreBOM:!0}),$.decode(),M=r.length),$.decode(r)}function J(r,e){return ae=r,a=r.exports,se=e,y=null,a.__wbindgen_start(),a}async function ce(r,e){if(typeof Response=="function"&&r instanceof Response){if(!r.ok)throw new Error(`failed to fetch Wasm: ${r.status} ${r.statusText} fetching '${r.url}'`);if(typeof WebAssembly.instantiateStreaming=="function")try{return await WebAssembly.instantiateStreaming(r,e)}catch(i){if(t(r.type)&&r.headers.get("Content-Type")!=="application/wasm")console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n",i);else throw i}let n=await r.arrayBuffer();return await WebAssembly.instantiate(n,e)}else{let n=await WebAssembly.instantiate(r,e);return n instanceof WebAssembly.Instance?{instance:n,module:r}:n}function t(n){switch(n){case"basic":case"cors":case"default":return!0}return!1}}function le(r){if(a!==void 0)return a;r!==void 0&&(Object.getPrototypeOf(r)===Object.prototype?{module:r}=r:console.warn("using deprecated parameters for `initSync()`; pass a single object instead"));let e=I();r instanceof WebAssembly.Module||(r=new WebAssembly.Module(r));let t=new WebAssembly.Instance(r,e);return J(t,r)}async function pe(r){return a!==void 0?a:(w===void 0&&(w=de(r),w.catch(()=>{w=void 0})),w)}async function de(r){r!==void 0&&(Object.getPrototypeOf(r)===Object.prototype?{module_or_path:r}=r:console.warn("using deprecated parameters for the initialization function; pass a single object instead")),r===void 0&&(r=new URL("exitpoll_widget_bg.wasm",ue.url));let e=I();(typeof r=="string"||typeof Request=="function"&&r instanceof Request||typeof URL=="function"&&r instanceof URL)&&(r=fetch(r));let{instance:t,module:n}=await ce(await r,e);return J(t,n)}var ue,x,W,y,$,re,M,m,h,se,ae,a,w,P=X(()=>{ue={},x=class r{static __wrap(e){let t=Object.create(r.prototype);return t.__wbg_ptr=e,W.register(t,t.__wbg_ptr,t),t}__destroy_into_raw(){let e=this.__wbg_ptr;return this.__wbg_ptr=0,W.unregister(this),e}free(){let e=this.__destroy_into_raw();a.__wbg_widget_free(e,0)}activity(){a.widget_activity(this.__wbg_ptr)}consent(e){a.widget_consent(this.__wbg_ptr,e)}destroy(){a.widget_destroy(this.__wbg_ptr)}dismiss(){a.widget_dismiss(this.__wbg_ptr)}explain(){let e,t;try{let n=a.widget_explain(this.__wbg_ptr);return e=n[0],t=n[1],g(n[0],n[1])}finally{a.__wbindgen_free(e,t,1)}}flush(){a.widget_flush(this.__wbg_ptr)}hide(){a.widget_hide(this.__wbg_ptr)}key(e,t,n){let i=+t,o=+n,s=b(e,a.__wbindgen_malloc,a.__wbindgen_realloc),c=h;a.widget_key(this.__wbg_ptr,s,c,i,o)}navigated(e){let t=b(e,a.__wbindgen_malloc,a.__wbindgen_realloc),n=h;a.widget_navigated(this.__wbg_ptr,t,n)}pointerMove(e){a.widget_pointerMove(this.__wbg_ptr,e)}pointerOut(e,t,n){a.widget_pointerOut(this.__wbg_ptr,e,t,n)}pointerOver(){a.widget_pointerOver(this.__wbg_ptr)}scroll(e,t,n){a.widget_scroll(this.__wbg_ptr,e,t,n)}sent(e,t,n){a.widget_sent(this.__wbg_ptr,e,t,n)}setContext(e){let t=b(e,a.__wbindgen_malloc,a.__wbindgen_realloc),n=h,i=a.widget_setContext(this.__wbg_ptr,t,n);if(i[1])throw E(i[0])}setStage(e){var t=N(e)?0:b(e,a.__wbindgen_malloc,a.__wbindgen_realloc),n=h;let i=a.widget_setStage(this.__wbg_ptr,t,n);if(i[1])throw E(i[0])}show(e){let t=b(e,a.__wbindgen_malloc,a.__wbindgen_realloc),n=h;a.widget_show(this.__wbg_ptr,t,n)}static start(e,t,n,i,o,s,c){let d=+s,u=+c,p,f,_,j,S,C,k,R;try{p=b(e,a.__wbindgen_malloc,a.__wbindgen_realloc),f=h,_=b(t,a.__wbindgen_malloc,a.__wbindgen_realloc),j=h,S=b(n,a.__wbindgen_malloc,a.__wbindgen_realloc),C=h,k=N(i)?0:b(i,a.__wbindgen_malloc,a.__wbindgen_realloc),R=h}catch(G){throw k&&a.__wbindgen_free(k,R*1,1),S&&a.__wbindgen_free(S,C*1,1),_&&a.__wbindgen_free(_,j*1,1),p&&a.__wbindgen_free(p,f*1,1),G}let U=a.widget_start(p,f,_,j,S,C,k,R,o,d,u);if(U[2])throw E(U[1]);return r.__wrap(U[0])}storageChanged(e){let t=b(e,a.__wbindgen_malloc,a.__wbindgen_realloc),n=h;a.widget_storageChanged(this.__wbg_ptr,t,n)}submit(e){var t=N(e)?0:b(e,a.__wbindgen_malloc,a.__wbindgen_realloc),n=h;let i=a.widget_submit(this.__wbg_ptr,t,n);if(i[1])throw E(i[0])}tick(){a.widget_tick(this.__wbg_ptr)}visibility(e){a.widget_visibility(this.__wbg_ptr,e)}};Symbol.dispose&&(x.prototype[Symbol.dispose]=x.prototype.free);W=typeof FinalizationRegistry>"u"?{register:()=>{},unregister:()=>{}}:new FinalizationRegistry(r=>a.__wbg_widget_free(r,1));y=null;$=new TextDecoder("utf-8",{ignoreBOM:!0});$.decode();re=2146435072,M=0;m=new TextEncoder;"encodeInto"in m||(m.encodeInto=function(r,e){let t=m.encode(r);return e.set(t),{read:r.length,written:t.length}});h=0});var q="exitpoll-widget",ee="button, a[href], input, textarea";function l(r,e,t){let n=document.createElement(r);if(e)for(let i in e)e[i]!==void 0&&e[i]!==null&&n.setAttribute(i,e[i]);return t!==void 0&&(n.textContent=t),n}var A=null;function te(){return A||(A=new CSSStyleSheet,A.replaceSync(ne)),A}function F(r,e){let t=null;return{render(n){let i=JSON.parse(n);switch(i.kind){case"open":t?.close(),t=new L(i,r,e);break;case"question":t?.question(i);break;case"invalid":t?.invalid(i.message);break;case"thanks":t?.thanks(i);break;case"close":t?.close(),t=null;break}},close(){t?.close(),t=null}}}var L=class{constructor(e,t,n){this.on=t,this.view=e,this.ctaUsed=!1,this.restore=document.activeElement instanceof HTMLElement?document.activeElement:null,this.host=l(q);let i=this.host.attachShadow({mode:"open"});i.adoptedStyleSheets=[te()],this.root=i;let o=e.position==="center";o&&i.append(l("div",{class:"ep-backdrop",part:"backdrop"}));let s=l("div",{class:`ep ep--${e.position}`,part:"dialog",role:"dialog","aria-labelledby":"ep-title","aria-modal":o?"true":null,tabindex:"-1",lang:e.locale,"data-survey":e.survey_id});s.style.setProperty("--ep-config-accent",e.accent),s.style.setProperty("--ep-config-font",e.font),this.closeButton=l("button",{type:"button",class:"ep-close",part:"close","aria-label":e.strings.close,"data-ep":"close"},"\xD7"),this.body=l("div",{class:"ep-body"}),this.live=l("p",{class:"ep-sr",role:"status","aria-live":"polite"}),s.append(this.closeButton,this.body,this.live),i.append(s),this.dialog=s;let c={signal:n};i.addEventListener("submit",d=>{d.preventDefault(),this.on.submit(this.answer())},c),i.addEventListener("click",d=>{let u=d.target instanceof Element?d.target.closest("[data-ep]"):null;if(!u)return;let p=u.getAttribute("data-ep");p==="close"?this.on.dismiss():p==="copy"?this.copy(u):p==="cta"&&(this.ctaUsed=!0)},c),i.addEventListener("keydown",d=>{d.key==="Escape"?(d.preventDefault(),this.on.dismiss()):d.key==="Tab"&&this.trapTab(d)},c),i.addEventListener("change",d=>{let u=i.querySelector("[data-ep='other-text']");u&&d.target.name==="ep-q"&&(u.hidden=!(i.querySelector("input[value='__other']")||{}).checked)},c),document.body.append(this.host)}question(e){let t=this.body;this.ctaUsed=!1,this.kind=e.type,this.multiline=!!e.multiline,t.textContent="";let n=this.view.strings;if(e.total>1){let s=l("div",{class:"ep-progress",part:"progress","aria-hidden":"true"}),c=l("div",{class:"ep-bar"});c.style.width=`${Math.round(e.position*100/e.total)}%`,s.append(c),t.append(s,l("p",{class:"ep-step",part:"step"},e.progress))}let i=l("form",{class:"ep-form",part:"form",novalidate:""});i.append(l("h2",{id:"ep-title",class:"ep-title",part:"title"},e.prompt)),e.description&&i.append(l("p",{id:"ep-description",class:"ep-description",part:"description"},e.description)),i.append(this.controls(e)),i.append(l("p",{id:"ep-error",class:"ep-error",part:"error",role:"alert"}));let o=l("div",{class:"ep-actions"});o.append(l("button",{type:"submit",class:"ep-button",part:"button next"},e.last?n.submit:n.next)),i.append(o),t.append(i),this.focusFirst()}controls(e){let t=l("div",{class:"ep-fieldset",part:"answers"}),n={"aria-labelledby":"ep-title","aria-describedby":"ep-error","aria-required":e.required?"true":null},i=(o,s,c,d)=>{let u=l("label",{class:"ep-option",part:"option"});u.append(l("input",{type:s,name:"ep-q",value:c}),l("span",null,d)),o.append(u)};switch(e.type){case"nps":case"rating":{let o=l("div",{class:`ep-scale ep-${e.style}`,role:"radiogroup",...n});for(let s of e.scale){let c=l("label",{class:"ep-cell",part:"option"});c.append(l("input",{type:"radio",name:"ep-q",value:String(s.value),"aria-label":s.name}),l("span",{"aria-hidden":"true"},s.face)),o.append(c)}if(t.append(o),e.low_label||e.high_label){let s=l("div",{class:"ep-ends","aria-hidden":"true"});s.append(l("span",null,e.low_label||""),l("span",null,e.high_label||"")),t.append(s)}break}case"single_choice":case"multiple_choice":{let o=e.type==="single_choice",s=l("div",{class:"ep-options",role:o?"radiogroup":"group",...n});for(let c of e.choices)i(s,o?"radio":"checkbox",c.id,c.label);if(e.other){i(s,"radio","__other",e.other);let c=l("input",{type:"text",class:"ep-input ep-other",name:"ep-other",maxlength:"5000","aria-label":e.other,placeholder:e.other_placeholder,"data-ep":"other-text"});c.hidden=!0,t.append(s,c)}else t.append(s);break}case"text":case"email":{let o=e.multiline?"textarea":"input",s=l(o,{class:"ep-input",name:"ep-q",type:o==="input"?e.type==="email"?"email":"text":null,autocomplete:e.type==="email"?"email":"off",inputmode:e.type==="email"?"email":null,maxlength:e.max_length?String(e.max_length):null,placeholder:e.placeholder,...n});t.append(s);break}case"cta":{e.code&&(t.append(l("p",{class:"ep-code",part:"code"},e.code)),t.append(l("button",{type:"button",class:"ep-cta",part:"button cta","data-ep":"copy","data-code":e.code},e.copy_label))),e.url&&t.append(l("a",{class:"ep-cta",part:"button cta",href:e.url,target:"_blank",rel:"noopener noreferrer","data-ep":"cta"},e.button));break}}return t}answer(){let e=this.root,t=()=>[...e.querySelectorAll("input[name='ep-q']:checked")].map(n=>n.value);switch(this.kind){case"nps":case"rating":{let[n]=t();return n===void 0?null:Number(n)}case"single_choice":{let[n]=t();if(n===void 0)return null;if(n!=="__other")return n;let i=e.querySelector("input[name='ep-other']").value.trim();return i?{other:i}:null}case"multiple_choice":{let n=t();return n.length?n:null}case"text":case"email":{let n=e.querySelector("[name='ep-q']").value.trim();return n||null}case"cta":return this.ctaUsed?"clicked":null;default:return null}}copy(e){this.ctaUsed=!0;let t=e.getAttribute("data-code"),n=()=>{e.isConnected&&(e.textContent=this.view.strings.copied,this.live.textContent=this.view.strings.copied)};navigator.clipboard&&navigator.clipboard.writeText?navigator.clipboard.writeText(t).then(n,()=>{this.on.log("the clipboard is not available; the code stays on screen"),n()}):n()}invalid(e){let t=this.root.getElementById("ep-error");t&&(t.textContent=e);for(let n of this.root.querySelectorAll("[aria-describedby='ep-error']"))n.setAttribute("aria-invalid","true");this.focusFirst()}thanks(e){let t=l("div",{class:"ep-thanks",part:"thanks"});t.append(l("h2",{id:"ep-title",class:"ep-title",part:"title"},e.title)),e.body&&t.append(l("p",{class:"ep-description",part:"description"},e.body)),this.body.textContent="",this.body.append(t),this.live.textContent=e.body?`${e.title} ${e.body}`:e.title,this.dialog.focus()}focusables(){return[...this.dialog.querySelectorAll(ee)].filter(e=>{if(e.hidden||e.disabled)return!1;if(e.type!=="radio")return!0;let t=[...this.dialog.querySelectorAll(`input[type=radio][name='${e.name}']`)],n=t.find(i=>i.checked);return n?n===e:t[0]===e})}focusFirst(){(this.body.querySelector("input:not([hidden]), textarea, a[href], .ep-cta, .ep-button")||this.dialog).focus()}trapTab(e){let t=this.focusables();if(!t.length)return;let n=this.root.activeElement,i=t[0],o=t[t.length-1];e.shiftKey&&(n===i||!n||n===this.dialog)?(e.preventDefault(),o.focus()):!e.shiftKey&&(n===o||!n)&&(e.preventDefault(),i.focus())}close(){this.host.remove(),this.restore&&this.restore.isConnected&&this.restore.focus()}},ne=`:host {
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
`;var be={},D=["ready","shown","answered","completed","dismissed","error"],O=["product","cart","checkout","thank_you","other"],Y=["setContext","setStage","show","hide","consent","explain","on","destroy"],fe=6e4;function v(r){return r!==null&&typeof r=="object"&&!Array.isArray(r)}function H(){let r=s=>s.reduce((c,d)=>c?.[d],window),e=s=>typeof s=="string"?s:void 0,t=document.querySelector("meta[name='exitpoll:stage']"),n=r(["Shopify","checkout"]);try{n=n&&typeof n=="object"?JSON.parse(JSON.stringify(n)):void 0}catch{n=void 0}let i=typeof matchMedia=="function"&&matchMedia("(pointer: coarse)").matches,o=navigator;return{url:location.href,path:location.pathname,query:location.search,referrer:document.referrer,meta_stage:t?t.getAttribute("content"):void 0,body_classes:document.body?document.body.className:"",shopify_page_type:e(r(["ShopifyAnalytics","meta","page","pageType"])),shopify_checkout_step:e(r(["Shopify","Checkout","step"])),shopify_checkout:n,lang:(document.documentElement.getAttribute("lang")||"").trim(),language:o.language||"",coarse:i,touch:o.maxTouchPoints||0,screen:Math.min(screen.width,screen.height),gpc:o.globalPrivacyControl===!0,dnt:[o.doNotTrack,window.doNotTrack].some(s=>s==="1"||s==="yes")}}function he(){let r=!1;try{r=!!document.querySelector("dialog:modal")}catch{r=!!document.querySelector("dialog[open]")}if(r)return!0;for(let e of document.querySelectorAll("[aria-modal='true']"))if(e.getClientRects().length>0)return!0;return!1}function ge(r){let e=[];if(!v(r))return['options: expected an object such as { site: "demo", endpoint: "https://..." }'];if((typeof r.site!="string"||!/^[A-Za-z0-9_-]{1,64}$/.test(r.site))&&e.push("site: required, 1 to 64 letters, digits, '_' or '-'"),r.endpoint!==void 0&&typeof r.endpoint!="string"&&e.push("endpoint: expected a URL string"),r.endpoint===void 0&&r.config===void 0&&r.configUrl===void 0&&e.push("endpoint: required unless config is given"),typeof r.endpoint=="string")try{new URL(r.endpoint,typeof location=="object"?location.href:void 0)}catch{e.push(`endpoint: not a URL: ${r.endpoint}`)}return r.config!==void 0&&!v(r.config)&&typeof r.config!="string"&&e.push("config: expected a site config object"),r.stage!==void 0&&r.stage!==null&&!O.includes(r.stage)&&e.push(`stage: unknown stage ${JSON.stringify(r.stage)}, expected one of ${O.join(", ")}`),r.context!==void 0&&!v(r.context)&&e.push("context: expected an object"),r.consent!==void 0&&![!0,!1,"granted","pending"].includes(r.consent)&&e.push('consent: expected true, false, "granted" or "pending"'),r.debug!==void 0&&typeof r.debug!="boolean"&&e.push("debug: expected true or false"),e}function K(r,{waitForLoad:e=!1}={}){return new z(r,e)}var z=class{#n=null;#r=!1;#b=!1;#d=[];#_=new Map(D.map(e=>[e,new Set]));#o=null;#u=0;#l=null;#f=null;#s="";#p;#h;constructor(e,t){this.#p=e,this.ready=this.#y(t),this.ready.catch(()=>{})}setContext(e){if(!v(e))return this.#i("setContext: expected an object such as { cart_value: 84.5 }");let t;try{t=JSON.stringify(e)}catch(n){return this.#i(`setContext: the object cannot be serialised (${n.message})`)}this.#a("setContext",n=>n.setContext(t))}setStage(e){if(e!==null&&!O.includes(e))return this.#i(`setStage: unknown stage ${JSON.stringify(e)}, expected one of ${O.join(", ")} or null`);this.#a("setStage",t=>t.setStage(e))}show(e){if(typeof e!="string"||!e)return this.#i("show: expected a survey id");this.#a("show",t=>t.show(e))}hide(){this.#a("hide",e=>e.hide())}consent(e){if(typeof e!="boolean")return this.#i("consent: expected true or false");this.#a("consent",t=>t.consent(e))}explain(){if(!this.#n)return[];let e=this.#e(t=>t.explain());return e?JSON.parse(e):[]}on(e,t){let n=this.#_.get(e);return n?typeof t!="function"?(this.#i("on: expected a function"),()=>{}):(n.add(t),()=>n.delete(t)):(this.#i(`on: unknown event ${JSON.stringify(e)}, expected one of ${D.join(", ")}`),()=>{})}destroy(){this.#g()}push(e){if(!Array.isArray(e)||!Y.includes(e[0]))return this.#i(`push: expected [method, ...args] with a method of ${Y.join(", ")}`);this[e[0]](...e.slice(1))}async#y(e){let t=this.#p;try{let n=ge(t);if(n.length)throw new TypeError(n.join("; "));e&&document.readyState!=="complete"&&await new Promise(p=>addEventListener("load",p,{once:!0})),this.#h=t.endpoint!==void 0?String(t.endpoint).replace(/\/+$/,""):"";let i=encodeURIComponent(t.site),o=await this.#x(i),s;try{s=await Promise.resolve().then(()=>(P(),B));let p=t.wasmUrl??new URL("exitpoll_widget_bg.wasm",be.url);await s.default({module_or_path:p})}catch(p){throw new Error(`could not start WebAssembly (${p&&p.message}). If the page has a Content Security Policy, script-src must allow 'wasm-unsafe-eval'.`)}let c=()=>new Promise(p=>setTimeout(p,0));if(this.#r)return this;if(await c(),this.#r)return this;try{s.prepare(o)}catch(p){return this.#w(p),this}if(await c(),this.#r)return this;let d=new Uint32Array(2);crypto.getRandomValues(d);let u=JSON.stringify({site:t.site,stage:t.stage??null,context:t.context??null,consent:t.consent??null,debug:!!t.debug});this.#o=new AbortController,this.#f=F({submit:p=>this.#e(f=>f.submit(p===null?void 0:JSON.stringify(p))),dismiss:()=>this.#e(p=>p.dismiss()),log:p=>t.debug&&console.log(`exitpoll: ${p}`)},this.#o.signal),this.#s=`exitpoll:${t.site}`,this.#n=s.Widget.start(u,o,JSON.stringify(H()),this.#m(),this.#v(),d[0],d[1]),this.#k();for(let[,p]of this.#d.splice(0))this.#e(p);return this.#c("ready",{site:t.site}),this}catch(n){let i=`exitpoll: ${n&&n.message?n.message:n}`;throw console.error(i),this.#c("error",{message:i}),this.#g(),new Error(i)}}#m(){try{return localStorage.getItem(this.#s)}catch{return null}}async#x(e){let t=this.#p;if(typeof t.config=="string")return t.config;if(v(t.config))return JSON.stringify(t.config);let n=t.configUrl??`${this.#h}/v1/sites/${e}/config`,i;try{i=await fetch(n,{credentials:"omit"})}catch(o){throw new Error(`could not load the site config from ${n}: ${o.message}`)}if(!i.ok)throw new Error(`could not load the site config from ${n}: HTTP ${i.status}`);return i.text()}#a(e,t){this.#r||(this.#n?this.#e(t):this.#d.push([e,t]))}#e(e){if(!(this.#r||!this.#n))try{return e(this.#n)}catch(t){t instanceof WebAssembly.RuntimeError||!(t instanceof Error)||t.name==="RuntimeError"?this.#w(t):this.#i(t.message);return}}#i(e){let t=`exitpoll: ${e}`;console.error(t),this.#c("error",{message:t})}#w(e){if(!this.#b){let t=`exitpoll: internal error, the widget is disabled: ${typeof e=="string"?e:e&&e.message}`;console.error(t),this.#c("error",{message:t,fatal:!0})}this.#g()}#c(e,t){let n={...t};for(let o of this.#_.get(e)??[])try{o(n)}catch(s){console.error("exitpoll: an",e,"listener threw:",s)}if(typeof window>"u")return;window.dispatchEvent(new CustomEvent(`exitpoll:${e}`,{detail:n}));let i=window.dataLayer;i&&typeof i.push=="function"&&i.push({event:`exitpoll.${e}`,...n})}#v(){let e=this.#S();for(let[t,n]of Object.entries(e))e[t]=(...i)=>{try{return n(...i)}catch(o){return console.error(`exitpoll: ${t} failed:`,o),!1}};return e}#S(){let e=`${this.#h}/v1/sites/${encodeURIComponent(this.#p.site)}/responses`;return{schedule:t=>{clearTimeout(this.#u),this.#u=t<0?0:setTimeout(()=>this.#e(n=>n.tick()),t)},send:(t,n)=>{fetch(e,{method:"POST",body:n,headers:{"content-type":"text/plain;charset=UTF-8"},credentials:"omit",keepalive:n.length<fe}).then(i=>{let o=Number(i.headers.get("retry-after"));this.#e(s=>s.sent(t,i.status,Number.isFinite(o)&&o>=0?o:-1))},()=>this.#e(i=>i.sent(t,0,-1)))},beacon:t=>{try{return navigator.sendBeacon(e,new Blob([t],{type:"text/plain;charset=UTF-8"}))}catch{return!1}},emit:(t,n)=>{let i=JSON.parse(n);i.fatal&&(this.#b=!0),queueMicrotask(()=>this.#c(t,i))},save:t=>{try{return localStorage.setItem(this.#s,t),!0}catch{return!1}},clear:()=>{try{localStorage.removeItem(this.#s)}catch{}},render:t=>this.#f.render(t),modalOpen:()=>he(),console:(t,n)=>console[t](n)}}#t(e,t,n,i=!0){e.addEventListener(t,n,{passive:i,capture:!0,signal:this.#o.signal})}#k(){let e=document;this.#t(e,"mousemove",i=>this.#e(o=>o.pointerMove(i.clientY))),this.#t(e,"mouseout",i=>{let o=i.target&&i.target.tagName,s=o==="SELECT"||o==="OPTION"||o==="DATALIST";this.#e(c=>c.pointerOut(i.clientY,!!i.relatedTarget,s))}),this.#t(e,"mouseover",i=>{i.relatedTarget||this.#e(o=>o.pointerOver())}),this.#t(e,"keydown",i=>this.#e(o=>o.key(i.key||"",i.ctrlKey,i.metaKey))),this.#t(window,"scroll",()=>this.#e(i=>i.scroll(window.scrollY,window.innerHeight,e.documentElement.scrollHeight))),this.#t(e,"visibilitychange",()=>{let i=e.visibilityState==="visible";i||this.#e(o=>o.flush()),this.#e(o=>o.visibility(i))}),this.#t(window,"pagehide",()=>this.#e(i=>i.flush()));for(let i of["pointerdown","touchstart","input","wheel"])this.#t(e,i,()=>this.#e(o=>o.activity()));let t=()=>this.#e(i=>i.navigated(JSON.stringify(H())));this.#t(window,"popstate",t),this.#t(window,"hashchange",t),this.#t(window,"storage",i=>{i.key===this.#s&&i.newValue&&this.#e(o=>o.storageChanged(i.newValue))});let n={pushState:history.pushState,replaceState:history.replaceState};for(let i of["pushState","replaceState"]){let o=n[i];history[i]=function(...s){let c=o.apply(this,s);return queueMicrotask(t),c}}this.#l=n}#g(){if(!this.#r){if(this.#r=!0,clearTimeout(this.#u),this.#o&&this.#o.abort(),this.#l&&(history.pushState=this.#l.pushState,history.replaceState=this.#l.replaceState),this.#n)try{this.#n.destroy(),this.#n.free()}catch{}this.#f?.close(),this.#n=null,this.#d.length=0}}};var V=["product","cart","checkout","thank_you","other"];function _e(){let r=document.currentScript;if(r&&r.hasAttribute("data-site"))return r;let e=document.querySelectorAll("script[data-site][src]");for(let t of e)if(/exitpoll[^/]*\.js(\?|#|$)/.test(t.src))return t;return e[0]||r}function we(r){let e=[],t=f=>{let _=r.getAttribute(f);return _===null||_.trim()===""?void 0:_.trim()},n={site:t("data-site")};n.site?/^[A-Za-z0-9_-]{1,64}$/.test(n.site)||(e.push(`data-site="${n.site}" is not a site id: use 1 to 64 letters, digits, '_' or '-'`),n.site=void 0):e.push('data-site is missing: add data-site="<your site id>" to the exitpoll script tag');let i=r.src?new URL(r.src,location.href):new URL(location.href),o=t("data-endpoint");try{n.endpoint=new URL(o??i.origin,location.href).href.replace(/\/+$/,"")}catch{e.push(`data-endpoint="${o}" is not a URL`)}let s=t("data-config");if(s!==void 0)try{n.configUrl=new URL(s,location.href).href}catch{e.push(`data-config="${s}" is not a URL`)}let c=t("data-stage");c!==void 0&&(V.includes(c)?n.stage=c:e.push(`data-stage="${c}" is not a stage: use one of ${V.join(", ")}; detecting it instead`));let d=t("data-context");if(d!==void 0)try{let f=JSON.parse(d);if(f===null||typeof f!="object"||Array.isArray(f))throw new Error("not an object");n.context=f}catch(f){e.push(`data-context is not a JSON object (${f.message}); it is ignored`)}let u=t("data-consent");u!==void 0&&(u==="granted"||u==="pending"?n.consent=u:e.push(`data-consent="${u}" must be "granted" or "pending"; using the site's default`));let p=r.getAttribute("data-debug");return n.debug=p!==null&&p!=="false"&&p!=="0",n.wasmUrl=new URL("exitpoll_widget_bg.wasm",i).href,{options:n,problems:e}}(function(){try{let e=window.exitpoll;if(e&&!Array.isArray(e)&&typeof e.explain=="function"){console.warn("exitpoll: the script is on this page twice; the second copy does nothing");return}let t=_e();if(!t){console.error("exitpoll: cannot find my <script> tag; add data-site to it");return}let{options:n,problems:i}=we(t);if(i.length&&console.error(`exitpoll: ${i.join("; ")}`),!n.site||!n.endpoint)return;let o=K(n,{waitForLoad:!0});if(Array.isArray(e))for(let s of e)o.push(s);window.exitpoll=o}catch(e){console.error("exitpoll: could not start:",e)}})();})();
