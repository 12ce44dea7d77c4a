(()=>{var $e=Object.defineProperty;var le=i=>{throw TypeError(i)};var Oe=(i,e,t)=>()=>{if(t)throw t[0];try{return i&&(e=i(i=0)),e}catch(n){throw t=[n],n}};var je=(i,e)=>{for(var t in e)$e(i,t,{get:e[t],enumerable:!0})};var ie=(i,e,t)=>e.has(i)||le("Cannot "+t);var d=(i,e,t)=>(ie(i,e,"read from private field"),t?t.call(i):e.get(i)),w=(i,e,t)=>e.has(i)?le("Cannot add the same private member more than once"):e instanceof WeakSet?e.add(i):e.set(i,t),m=(i,e,t,n)=>(ie(i,e,"write to private field"),n?n.call(i,t):e.set(i,t),t),l=(i,e,t)=>(ie(i,e,"access private method"),t);var he={};je(he,{Widget:()=>J,default:()=>Be,initSync:()=>Je,prepare:()=>Ne});function Ne(i){let e=v(i,c.__wbindgen_malloc,c.__wbindgen_realloc),t=y;c.prepare(e,t)}function ue(){return{__proto__:null,"./exitpoll_widget_bg.js":{__proto__:null,__wbg_Error_208446807d0d1e30:function(e,t){return Error(x(e,t))},__wbg___wbindgen_rethrow_d953c34c2e20677f:function(e){throw e},__wbg___wbindgen_throw_4c88d8bf264fd984:function(e,t){throw new Error(x(e,t))},__wbg_beacon_a2f22f6d36b85cf5:function(e,t,n){return e.beacon(x(t,n))},__wbg_clear_2ef8418e40ed4752:function(e){e.clear()},__wbg_console_8bd9201cd5e43b76:function(e,t,n,r,s){e.console(x(t,n),x(r,s))},__wbg_emit_bb7ed907f9225815:function(e,t,n,r,s){e.emit(x(t,n),x(r,s))},__wbg_modalOpen_0eb24c2b5bd0c756:function(e){return e.modalOpen()},__wbg_now_4b08dc81fb635dac:function(){return Date.now()},__wbg_render_2f727e3c4db5928c:function(e,t,n){e.render(x(t,n))},__wbg_save_04750c459dbf369f:function(e,t,n){return e.save(x(t,n))},__wbg_schedule_bc816994c2c784b0:function(e,t){e.schedule(t)},__wbg_send_716d30246e70eb97:function(e,t,n,r){e.send(t>>>0,x(n,r))},__wbindgen_generic_0000000000000001:function(e,t){return x(e,t)},__wbindgen_init_externref_table:function(){let e=c.__wbindgen_externrefs;e.set(0,void 0),e.set(1024,void 0),e.set(1025,null),e.set(1026,!0),e.set(1027,!1)}}}}function x(i,e){return i=i>>>0,ze(G().subarray(i,i+e))}function G(){return(W===null||W.byteLength===0)&&(W=new Uint8Array(c.memory.buffer)),W}function oe(i){return i==null}function v(i,e,t){if(t===void 0){let p=I.encode(i),h=e(p.length,1)>>>0;return G().subarray(h,h+p.length).set(p),y=p.length,h}let n=i.length,r=e(n,1)>>>0,s=G(),a=0;for(;a<n;a++){let p=i.charCodeAt(a);if(p>127)break;s[r+a]=p}if(a!==n){a!==0&&(i=i.slice(a)),r=t(r,n,n=a+i.length*3,1)>>>0;let p=G().subarray(r+a,r+n),h=I.encodeInto(i,p);a+=h.written,r=t(r,n,a,1)>>>0}return y=a,r}function V(i){let e=c.__wbindgen_externrefs.get(i);return c.__externref_table_dealloc(i),e}function ze(i){return se+=i.length,se>=Me&&(Z=new TextDecoder("utf-8",{ignoreBOM:!0}),Z.decode(),se=i.length),Z.decode(i)}function fe(i,e){return We=i,c=i.exports,Fe=e,W=null,c.__wbindgen_start(),c}async function Ie(i,e){if(typeof Response=="function"&&i instanceof Response){if(!i.ok)throw new Error(`failed to fetch Wasm: ${i.status} ${i.statusText} fetching '${i.url}'`);if(typeof WebAssembly.instantiateStreaming=="function")try{return await WebAssembly.instantiateStreaming(i,e)}catch(r){if(t(i.type)&&i.headers.get("Content-Type")!=="application/wasm")console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n",r);else throw r}let n=await i.arrayBuffer();return await WebAssembly.instantiate(n,e)}else{let n=await WebAssembly.instantiate(i,e);return n instanceof WebAssembly.Instance?{instance:n,module:i}:n}function t(n){switch(n){case"basic":case"cors":case"default":return!0}return!1}}function Je(i){if(c!==void 0)return c;i!==void 0&&(Object.getPrototypeOf(i)===Object.prototype?{module:i}=i:console.warn("using deprecated parameters for `initSync()`; pass a single object instead"));let e=ue();i instanceof WebAssembly.Module||(i=new WebAssembly.Module(i));let t=new WebAssembly.Instance(i,e);return fe(t,i)}async function Be(i){return c!==void 0?c:(F===void 0&&(F=Pe(i),F.catch(()=>{F=void 0})),F)}async function Pe(i){i!==void 0&&(Object.getPrototypeOf(i)===Object.prototype?{module_or_path:i}=i:console.warn("using deprecated parameters for the initialization function; pass a single object instead")),i===void 0&&(i=new URL("exitpoll_widget_bg.wasm",De.url));let e=ue();(typeof i=="string"||typeof Request=="function"&&i instanceof Request||typeof URL=="function"&&i instanceof URL)&&(i=fetch(i));let{instance:t,module:n}=await Ie(await i,e);return fe(t,n)}var De,J,de,W,Z,Me,se,I,y,Fe,We,c,F,ge=Oe(()=>{De={},J=class i{static __wrap(e){let t=Object.create(i.prototype);return t.__wbg_ptr=e,de.register(t,t.__wbg_ptr,t),t}__destroy_into_raw(){let e=this.__wbg_ptr;return this.__wbg_ptr=0,de.unregister(this),e}free(){let e=this.__destroy_into_raw();c.__wbg_widget_free(e,0)}activity(){c.widget_activity(this.__wbg_ptr)}consent(e){c.widget_consent(this.__wbg_ptr,e)}destroy(){c.widget_destroy(this.__wbg_ptr)}dismiss(){c.widget_dismiss(this.__wbg_ptr)}explain(){let e,t;try{let n=c.widget_explain(this.__wbg_ptr);return e=n[0],t=n[1],x(n[0],n[1])}finally{c.__wbindgen_free(e,t,1)}}flush(){c.widget_flush(this.__wbg_ptr)}hide(){c.widget_hide(this.__wbg_ptr)}key(e,t,n){let r=+t,s=+n,a=v(e,c.__wbindgen_malloc,c.__wbindgen_realloc),p=y;c.widget_key(this.__wbg_ptr,a,p,r,s)}navigated(e){let t=v(e,c.__wbindgen_malloc,c.__wbindgen_realloc),n=y;c.widget_navigated(this.__wbg_ptr,t,n)}pointerMove(e){c.widget_pointerMove(this.__wbg_ptr,e)}pointerOut(e,t,n){c.widget_pointerOut(this.__wbg_ptr,e,t,n)}pointerOver(){c.widget_pointerOver(this.__wbg_ptr)}scroll(e,t,n){c.widget_scroll(this.__wbg_ptr,e,t,n)}sent(e,t,n){c.widget_sent(this.__wbg_ptr,e,t,n)}setContext(e){let t=v(e,c.__wbindgen_malloc,c.__wbindgen_realloc),n=y,r=c.widget_setContext(this.__wbg_ptr,t,n);if(r[1])throw V(r[0])}setStage(e){var t=oe(e)?0:v(e,c.__wbindgen_malloc,c.__wbindgen_realloc),n=y;let r=c.widget_setStage(this.__wbg_ptr,t,n);if(r[1])throw V(r[0])}show(e){let t=v(e,c.__wbindgen_malloc,c.__wbindgen_realloc),n=y;c.widget_show(this.__wbg_ptr,t,n)}static start(e,t,n,r,s,a,p){let h=+a,b=+p,f,_,T,q,Y,ee,H,te;try{f=v(e,c.__wbindgen_malloc,c.__wbindgen_realloc),_=y,T=v(t,c.__wbindgen_malloc,c.__wbindgen_realloc),q=y,Y=v(n,c.__wbindgen_malloc,c.__wbindgen_realloc),ee=y,H=oe(r)?0:v(r,c.__wbindgen_malloc,c.__wbindgen_realloc),te=y}catch(Te){throw H&&c.__wbindgen_free(H,te*1,1),Y&&c.__wbindgen_free(Y,ee*1,1),T&&c.__wbindgen_free(T,q*1,1),f&&c.__wbindgen_free(f,_*1,1),Te}let ne=c.widget_start(f,_,T,q,Y,ee,H,te,s,h,b);if(ne[2])throw V(ne[1]);return i.__wrap(ne[0])}storageChanged(e){let t=v(e,c.__wbindgen_malloc,c.__wbindgen_realloc),n=y;c.widget_storageChanged(this.__wbg_ptr,t,n)}submit(e){var t=oe(e)?0:v(e,c.__wbindgen_malloc,c.__wbindgen_realloc),n=y;let r=c.widget_submit(this.__wbg_ptr,t,n);if(r[1])throw V(r[0])}tick(){c.widget_tick(this.__wbg_ptr)}visibility(e){c.widget_visibility(this.__wbg_ptr,e)}};Symbol.dispose&&(J.prototype[Symbol.dispose]=J.prototype.free);de=typeof FinalizationRegistry>"u"?{register:()=>{},unregister:()=>{}}:new FinalizationRegistry(i=>c.__wbg_widget_free(i,1));W=null;Z=new TextDecoder("utf-8",{ignoreBOM:!0});Z.decode();Me=2146435072,se=0;I=new TextEncoder;"encodeInto"in I||(I.encodeInto=function(i,e){let t=I.encode(i);return e.set(t),{read:i.length,written:t.length}});y=0});var Ce="exitpoll-widget",Re="button, a[href], input, textarea";function u(i,e,t){let n=document.createElement(i);if(e)for(let r in e)e[r]!==void 0&&e[r]!==null&&n.setAttribute(r,e[r]);return t!==void 0&&(n.textContent=t),n}var K=null;function Ue(){return K||(K=new CSSStyleSheet,K.replaceSync(Le)),K}function pe(i,e){let t=null;return{render(n){let r=JSON.parse(n);switch(r.kind){case"open":t?.close(),t=new re(r,i,e);break;case"question":t?.question(r);break;case"invalid":t?.invalid(r.message);break;case"thanks":t?.thanks(r);break;case"close":t?.close(),t=null;break}},close(){t?.close(),t=null}}}var re=class{constructor(e,t,n){this.on=t,this.view=e,this.ctaUsed=!1,this.restore=document.activeElement instanceof HTMLElement?document.activeElement:null,this.host=u(Ce);let r=this.host.attachShadow({mode:"open"});r.adoptedStyleSheets=[Ue()],this.root=r;let s=e.position==="center";s&&r.append(u("div",{class:"ep-backdrop",part:"backdrop"}));let a=u("div",{class:`ep ep--${e.position}`,part:"dialog",role:"dialog","aria-labelledby":"ep-title","aria-modal":s?"true":null,tabindex:"-1",lang:e.locale,"data-survey":e.survey_id});a.style.setProperty("--ep-config-accent",e.accent),a.style.setProperty("--ep-config-font",e.font),this.closeButton=u("button",{type:"button",class:"ep-close",part:"close","aria-label":e.strings.close,"data-ep":"close"},"\xD7"),this.body=u("div",{class:"ep-body"}),this.live=u("p",{class:"ep-sr",role:"status","aria-live":"polite"}),a.append(this.closeButton,this.body,this.live),r.append(a),this.dialog=a;let p={signal:n};r.addEventListener("submit",h=>{h.preventDefault(),this.on.submit(this.answer())},p),r.addEventListener("click",h=>{let b=h.target instanceof Element?h.target.closest("[data-ep]"):null;if(!b)return;let f=b.getAttribute("data-ep");f==="close"?this.on.dismiss():f==="copy"?this.copy(b):f==="cta"&&(this.ctaUsed=!0)},p),r.addEventListener("keydown",h=>{h.key==="Escape"?(h.preventDefault(),this.on.dismiss()):h.key==="Tab"&&this.trapTab(h)},p),r.addEventListener("change",h=>{let b=r.querySelector("[data-ep='other-text']");b&&h.target.name==="ep-q"&&(b.hidden=!(r.querySelector("input[value='__other']")||{}).checked)},p),document.body.append(this.host)}question(e){let t=this.body;this.ctaUsed=!1,this.kind=e.type,this.multiline=!!e.multiline,t.textContent="";let n=this.view.strings;if(e.total>1){let a=u("div",{class:"ep-progress",part:"progress","aria-hidden":"true"}),p=u("div",{class:"ep-bar"});p.style.width=`${Math.round(e.position*100/e.total)}%`,a.append(p),t.append(a,u("p",{class:"ep-step",part:"step"},e.progress))}let r=u("form",{class:"ep-form",part:"form",novalidate:""});r.append(u("h2",{id:"ep-title",class:"ep-title",part:"title"},e.prompt)),e.description&&r.append(u("p",{id:"ep-description",class:"ep-description",part:"description"},e.description)),r.append(this.controls(e)),r.append(u("p",{id:"ep-error",class:"ep-error",part:"error",role:"alert"}));let s=u("div",{class:"ep-actions"});s.append(u("button",{type:"submit",class:"ep-button",part:"button next"},e.last?n.submit:n.next)),r.append(s),t.append(r),this.focusFirst()}controls(e){let t=u("div",{class:"ep-fieldset",part:"answers"}),n={"aria-labelledby":"ep-title","aria-describedby":"ep-error","aria-required":e.required?"true":null},r=(s,a,p,h)=>{let b=u("label",{class:"ep-option",part:"option"});b.append(u("input",{type:a,name:"ep-q",value:p}),u("span",null,h)),s.append(b)};switch(e.type){case"nps":case"rating":{let s=u("div",{class:`ep-scale ep-${e.style}`,role:"radiogroup",...n});for(let a of e.scale){let p=u("label",{class:"ep-cell",part:"option"});p.append(u("input",{type:"radio",name:"ep-q",value:String(a.value),"aria-label":a.name}),u("span",{"aria-hidden":"true"},a.face)),s.append(p)}if(t.append(s),e.low_label||e.high_label){let a=u("div",{class:"ep-ends","aria-hidden":"true"});a.append(u("span",null,e.low_label||""),u("span",null,e.high_label||"")),t.append(a)}break}case"single_choice":case"multiple_choice":{let s=e.type==="single_choice",a=u("div",{class:"ep-options",role:s?"radiogroup":"group",...n});for(let p of e.choices)r(a,s?"radio":"checkbox",p.id,p.label);if(e.other){r(a,"radio","__other",e.other);let p=u("input",{type:"text",class:"ep-input ep-other",name:"ep-other",maxlength:"5000","aria-label":e.other,placeholder:e.other_placeholder,"data-ep":"other-text"});p.hidden=!0,t.append(a,p)}else t.append(a);break}case"text":case"email":{let s=e.multiline?"textarea":"input",a=u(s,{class:"ep-input",name:"ep-q",type:s==="input"?e.type==="email"?"email":"text":null,autocomplete:e.type==="email"?"email":"off",inputmode:e.type==="email"?"email":null,maxlength:e.max_length?String(e.max_length):null,placeholder:e.placeholder,...n});t.append(a);break}case"cta":{e.code&&(t.append(u("p",{class:"ep-code",part:"code"},e.code)),t.append(u("button",{type:"button",class:"ep-cta",part:"button cta","data-ep":"copy","data-code":e.code},e.copy_label))),e.url&&t.append(u("a",{class:"ep-cta",part:"button cta",href:e.url,target:"_blank",rel:"noopener noreferrer","data-ep":"cta"},e.button));break}}return t}answer(){let e=this.root,t=()=>[...e.querySelectorAll("input[name='ep-q']:checked")].map(n=>n.value);switch(this.kind){case"nps":case"rating":{let[n]=t();return n===void 0?null:Number(n)}case"single_choice":{let[n]=t();if(n===void 0)return null;if(n!=="__other")return n;let r=e.querySelector("input[name='ep-other']").value.trim();return r?{other:r}:null}case"multiple_choice":{let n=t();return n.length?n:null}case"text":case"email":{let n=e.querySelector("[name='ep-q']").value.trim();return n||null}case"cta":return this.ctaUsed?"clicked":null;default:return null}}copy(e){this.ctaUsed=!0;let t=e.getAttribute("data-code"),n=()=>{e.isConnected&&(e.textContent=this.view.strings.copied,this.live.textContent=this.view.strings.copied)};navigator.clipboard&&navigator.clipboard.writeText?navigator.clipboard.writeText(t).then(n,()=>{this.on.log("the clipboard is not available; the code stays on screen"),n()}):n()}invalid(e){let t=this.root.getElementById("ep-error");t&&(t.textContent=e);for(let n of this.root.querySelectorAll("[aria-describedby='ep-error']"))n.setAttribute("aria-invalid","true");this.focusFirst()}thanks(e){let t=u("div",{class:"ep-thanks",part:"thanks"});t.append(u("h2",{id:"ep-title",class:"ep-title",part:"title"},e.title)),e.body&&t.append(u("p",{class:"ep-description",part:"description"},e.body)),this.body.textContent="",this.body.append(t),this.live.textContent=e.body?`${e.title} ${e.body}`:e.title,this.dialog.focus()}focusables(){return[...this.dialog.querySelectorAll(Re)].filter(e=>{if(e.hidden||e.disabled)return!1;if(e.type!=="radio")return!0;let t=[...this.dialog.querySelectorAll(`input[type=radio][name='${e.name}']`)],n=t.find(r=>r.checked);return n?n===e:t[0]===e})}focusFirst(){(this.body.querySelector("input:not([hidden]), textarea, a[href], .ep-cta, .ep-button")||this.dialog).focus()}trapTab(e){let t=this.focusables();if(!t.length)return;let n=this.root.activeElement,r=t[0],s=t[t.length-1];e.shiftKey&&(n===r||!n||n===this.dialog)?(e.preventDefault(),s.focus()):!e.shiftKey&&(n===s||!n)&&(e.preventDefault(),r.focus())}close(){this.host.remove(),this.restore&&this.restore.isConnected&&this.restore.focus()}},Le=`:host {
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
`;var Ve={};var be=["ready","shown","answered","completed","dismissed","error"],Q=["product","cart","checkout","thank_you","other"],_e=["setContext","setStage","show","hide","consent","explain","on","destroy"],Ye=6e4;function B(i){return i!==null&&typeof i=="object"&&!Array.isArray(i)}function we(){let i=a=>a.reduce((p,h)=>p?.[h],window),e=a=>typeof a=="string"?a:void 0,t=document.querySelector("meta[name='exitpoll:stage']"),n=i(["Shopify","checkout"]);try{n=n&&typeof n=="object"?JSON.parse(JSON.stringify(n)):void 0}catch{n=void 0}let r=typeof matchMedia=="function"&&matchMedia("(pointer: coarse)").matches,s=navigator;return{url:location.href,path:location.pathname,query:location.search,referrer:document.referrer,meta_stage:t?t.getAttribute("content"):void 0,body_classes:document.body?document.body.className:"",shopify_page_type:e(i(["ShopifyAnalytics","meta","page","pageType"])),shopify_checkout_step:e(i(["Shopify","Checkout","step"])),shopify_checkout:n,lang:(document.documentElement.getAttribute("lang")||"").trim(),language:s.language||"",coarse:r,touch:s.maxTouchPoints||0,screen:Math.min(screen.width,screen.height),gpc:s.globalPrivacyControl===!0,dnt:[s.doNotTrack,window.doNotTrack].some(a=>a==="1"||a==="yes")}}function He(){let i=!1;try{i=!!document.querySelector("dialog:modal")}catch{i=!!document.querySelector("dialog[open]")}if(i)return!0;for(let e of document.querySelectorAll("[aria-modal='true']"))if(e.getClientRects().length>0)return!0;return!1}function Ke(i){let e=[];if(!B(i))return['options: expected an object such as { site: "demo", endpoint: "https://..." }'];if((typeof i.site!="string"||!/^[A-Za-z0-9_-]{1,64}$/.test(i.site))&&e.push("site: required, 1 to 64 letters, digits, '_' or '-'"),i.endpoint!==void 0&&typeof i.endpoint!="string"&&e.push("endpoint: expected a URL string"),i.endpoint===void 0&&i.config===void 0&&i.configUrl===void 0&&e.push("endpoint: required unless config is given"),typeof i.endpoint=="string")try{new URL(i.endpoint,typeof location=="object"?location.href:void 0)}catch{e.push(`endpoint: not a URL: ${i.endpoint}`)}return i.config!==void 0&&!B(i.config)&&typeof i.config!="string"&&e.push("config: expected a site config object"),i.stage!==void 0&&i.stage!==null&&!Q.includes(i.stage)&&e.push(`stage: unknown stage ${JSON.stringify(i.stage)}, expected one of ${Q.join(", ")}`),i.context!==void 0&&!B(i.context)&&e.push("context: expected an object"),i.consent!==void 0&&![!0,!1,"granted","pending"].includes(i.consent)&&e.push('consent: expected true, false, "granted" or "pending"'),i.debug!==void 0&&typeof i.debug!="boolean"&&e.push("debug: expected true or false"),e}function ye(i,{waitForLoad:e=!1}={}){return new ae(i,e)}var k,E,P,L,D,$,N,j,M,O,C,z,o,me,xe,ve,R,g,A,ce,U,Se,ke,S,Ae,X,ae=class{constructor(e,t){w(this,o);w(this,k,null);w(this,E,!1);w(this,P,!1);w(this,L,[]);w(this,D,new Map(be.map(e=>[e,new Set])));w(this,$,null);w(this,N,0);w(this,j,null);w(this,M,null);w(this,O,"");w(this,C);w(this,z);m(this,C,e),this.ready=l(this,o,me).call(this,t),this.ready.catch(()=>{})}setContext(e){if(!B(e))return l(this,o,A).call(this,"setContext: expected an object such as { cart_value: 84.5 }");let t;try{t=JSON.stringify(e)}catch(n){return l(this,o,A).call(this,`setContext: the object cannot be serialised (${n.message})`)}l(this,o,R).call(this,"setContext",n=>n.setContext(t))}setStage(e){if(e!==null&&!Q.includes(e))return l(this,o,A).call(this,`setStage: unknown stage ${JSON.stringify(e)}, expected one of ${Q.join(", ")} or null`);l(this,o,R).call(this,"setStage",t=>t.setStage(e))}show(e){if(typeof e!="string"||!e)return l(this,o,A).call(this,"show: expected a survey id");l(this,o,R).call(this,"show",t=>t.show(e))}hide(){l(this,o,R).call(this,"hide",e=>e.hide())}consent(e){if(typeof e!="boolean")return l(this,o,A).call(this,"consent: expected true or false");l(this,o,R).call(this,"consent",t=>t.consent(e))}explain(){if(!d(this,k))return[];let e=l(this,o,g).call(this,t=>t.explain());return e?JSON.parse(e):[]}on(e,t){let n=d(this,D).get(e);return n?typeof t!="function"?(l(this,o,A).call(this,"on: expected a function"),()=>{}):(n.add(t),()=>n.delete(t)):(l(this,o,A).call(this,`on: unknown event ${JSON.stringify(e)}, expected one of ${be.join(", ")}`),()=>{})}destroy(){l(this,o,X).call(this)}push(e){if(!Array.isArray(e)||!_e.includes(e[0]))return l(this,o,A).call(this,`push: expected [method, ...args] with a method of ${_e.join(", ")}`);this[e[0]](...e.slice(1))}};k=new WeakMap,E=new WeakMap,P=new WeakMap,L=new WeakMap,D=new WeakMap,$=new WeakMap,N=new WeakMap,j=new WeakMap,M=new WeakMap,O=new WeakMap,C=new WeakMap,z=new WeakMap,o=new WeakSet,me=async function(e){let t=d(this,C);try{let n=Ke(t);if(n.length)throw new TypeError(n.join("; "));e&&document.readyState!=="complete"&&await new Promise(f=>addEventListener("load",f,{once:!0})),m(this,z,t.endpoint!==void 0?String(t.endpoint).replace(/\/+$/,""):"");let r=encodeURIComponent(t.site),s=await l(this,o,ve).call(this,r),a;try{a=await Promise.resolve().then(()=>(ge(),he));let f=t.wasmUrl??new URL("exitpoll_widget_bg.wasm",Ve.url);await a.default({module_or_path:f})}catch(f){throw new Error(`could not start WebAssembly (${f&&f.message}). If the page has a Content Security Policy, script-src must allow 'wasm-unsafe-eval'.`)}let p=()=>new Promise(f=>setTimeout(f,0));if(d(this,E))return this;if(await p(),d(this,E))return this;try{a.prepare(s)}catch(f){return l(this,o,ce).call(this,f),this}if(await p(),d(this,E))return this;let h=new Uint32Array(2);crypto.getRandomValues(h);let b=JSON.stringify({site:t.site,stage:t.stage??null,context:t.context??null,consent:t.consent??null,debug:!!t.debug});m(this,$,new AbortController),m(this,M,pe({submit:f=>l(this,o,g).call(this,_=>_.submit(f===null?void 0:JSON.stringify(f))),dismiss:()=>l(this,o,g).call(this,f=>f.dismiss()),log:f=>t.debug&&console.log(`exitpoll: ${f}`)},d(this,$).signal)),m(this,O,`exitpoll:${t.site}`),m(this,k,a.Widget.start(b,s,JSON.stringify(we()),l(this,o,xe).call(this),l(this,o,Se).call(this),h[0],h[1])),l(this,o,Ae).call(this);for(let[,f]of d(this,L).splice(0))l(this,o,g).call(this,f);return l(this,o,U).call(this,"ready",{site:t.site}),this}catch(n){let r=`exitpoll: ${n&&n.message?n.message:n}`;throw console.error(r),l(this,o,U).call(this,"error",{message:r}),l(this,o,X).call(this),new Error(r)}},xe=function(){try{return localStorage.getItem(d(this,O))}catch{return null}},ve=async function(e){let t=d(this,C);if(typeof t.config=="string")return t.config;if(B(t.config))return JSON.stringify(t.config);let n=t.configUrl??`${d(this,z)}/v1/sites/${e}/config`,r;try{r=await fetch(n,{credentials:"omit"})}catch(s){throw new Error(`could not load the site config from ${n}: ${s.message}`)}if(!r.ok)throw new Error(`could not load the site config from ${n}: HTTP ${r.status}`);return r.text()},R=function(e,t){d(this,E)||(d(this,k)?l(this,o,g).call(this,t):d(this,L).push([e,t]))},g=function(e){if(!(d(this,E)||!d(this,k)))try{return e(d(this,k))}catch(t){t instanceof WebAssembly.RuntimeError||!(t instanceof Error)||t.name==="RuntimeError"?l(this,o,ce).call(this,t):l(this,o,A).call(this,t.message);return}},A=function(e){let t=`exitpoll: ${e}`;console.error(t),l(this,o,U).call(this,"error",{message:t})},ce=function(e){if(!d(this,P)){let t=`exitpoll: internal error, the widget is disabled: ${typeof e=="string"?e:e&&e.message}`;console.error(t),l(this,o,U).call(this,"error",{message:t,fatal:!0})}l(this,o,X).call(this)},U=function(e,t){let n={...t};for(let s of d(this,D).get(e)??[])try{s(n)}catch(a){console.error("exitpoll: an",e,"listener threw:",a)}if(typeof window>"u")return;window.dispatchEvent(new CustomEvent(`exitpoll:${e}`,{detail:n}));let r=window.dataLayer;r&&typeof r.push=="function"&&r.push({event:`exitpoll.${e}`,...n})},Se=function(){let e=l(this,o,ke).call(this);for(let[t,n]of Object.entries(e))e[t]=(...r)=>{try{return n(...r)}catch(s){return console.error(`exitpoll: ${t} failed:`,s),!1}};return e},ke=function(){let e=`${d(this,z)}/v1/sites/${encodeURIComponent(d(this,C).site)}/responses`;return{schedule:t=>{clearTimeout(d(this,N)),m(this,N,t<0?0:setTimeout(()=>l(this,o,g).call(this,n=>n.tick()),t))},send:(t,n)=>{fetch(e,{method:"POST",body:n,headers:{"content-type":"text/plain;charset=UTF-8"},credentials:"omit",keepalive:n.length<Ye}).then(r=>{let s=Number(r.headers.get("retry-after"));l(this,o,g).call(this,a=>a.sent(t,r.status,Number.isFinite(s)&&s>=0?s:-1))},()=>l(this,o,g).call(this,r=>r.sent(t,0,-1)))},beacon:t=>{try{return navigator.sendBeacon(e,new Blob([t],{type:"text/plain;charset=UTF-8"}))}catch{return!1}},emit:(t,n)=>{let r=JSON.parse(n);r.fatal&&m(this,P,!0),queueMicrotask(()=>l(this,o,U).call(this,t,r))},save:t=>{try{return localStorage.setItem(d(this,O),t),!0}catch{return!1}},clear:()=>{try{localStorage.removeItem(d(this,O))}catch{}},render:t=>d(this,M).render(t),modalOpen:()=>He(),console:(t,n)=>console[t](n)}},S=function(e,t,n,r=!0){e.addEventListener(t,n,{passive:r,capture:!0,signal:d(this,$).signal})},Ae=function(){let e=document;l(this,o,S).call(this,e,"mousemove",r=>l(this,o,g).call(this,s=>s.pointerMove(r.clientY))),l(this,o,S).call(this,e,"mouseout",r=>{let s=r.target&&r.target.tagName,a=s==="SELECT"||s==="OPTION"||s==="DATALIST";l(this,o,g).call(this,p=>p.pointerOut(r.clientY,!!r.relatedTarget,a))}),l(this,o,S).call(this,e,"mouseover",r=>{r.relatedTarget||l(this,o,g).call(this,s=>s.pointerOver())}),l(this,o,S).call(this,e,"keydown",r=>l(this,o,g).call(this,s=>s.key(r.key||"",r.ctrlKey,r.metaKey))),l(this,o,S).call(this,window,"scroll",()=>l(this,o,g).call(this,r=>r.scroll(window.scrollY,window.innerHeight,e.documentElement.scrollHeight))),l(this,o,S).call(this,e,"visibilitychange",()=>{let r=e.visibilityState==="visible";r||l(this,o,g).call(this,s=>s.flush()),l(this,o,g).call(this,s=>s.visibility(r))}),l(this,o,S).call(this,window,"pagehide",()=>l(this,o,g).call(this,r=>r.flush()));for(let r of["pointerdown","touchstart","input","wheel"])l(this,o,S).call(this,e,r,()=>l(this,o,g).call(this,s=>s.activity()));let t=()=>l(this,o,g).call(this,r=>r.navigated(JSON.stringify(we())));l(this,o,S).call(this,window,"popstate",t),l(this,o,S).call(this,window,"hashchange",t),l(this,o,S).call(this,window,"storage",r=>{r.key===d(this,O)&&r.newValue&&l(this,o,g).call(this,s=>s.storageChanged(r.newValue))});let n={pushState:history.pushState,replaceState:history.replaceState};for(let r of["pushState","replaceState"]){let s=n[r];history[r]=function(...a){let p=s.apply(this,a);return queueMicrotask(t),p}}m(this,j,n)},X=function(){if(!d(this,E)){if(m(this,E,!0),clearTimeout(d(this,N)),d(this,$)&&d(this,$).abort(),d(this,j)&&(history.pushState=d(this,j).pushState,history.replaceState=d(this,j).replaceState),d(this,k))try{d(this,k).destroy(),d(this,k).free()}catch{}d(this,M)?.close(),m(this,k,null),d(this,L).length=0}};var Ee=["product","cart","checkout","thank_you","other"];function Ge(){let i=document.currentScript;if(i&&i.hasAttribute("data-site"))return i;let e=document.querySelectorAll("script[data-site][src]");for(let t of e)if(/exitpoll[^/]*\.js(\?|#|$)/.test(t.src))return t;return e[0]||i}function Ze(i){let e=[],t=_=>{let T=i.getAttribute(_);return T===null||T.trim()===""?void 0:T.trim()},n={site:t("data-site")};n.site?/^[A-Za-z0-9_-]{1,64}$/.test(n.site)||(e.push(`data-site="${n.site}" is not a site id: use 1 to 64 letters, digits, '_' or '-'`),n.site=void 0):e.push('data-site is missing: add data-site="<your site id>" to the exitpoll script tag');let r=i.src?new URL(i.src,location.href):new URL(location.href),s=t("data-endpoint");try{n.endpoint=new URL(s??r.origin,location.href).href.replace(/\/+$/,"")}catch{e.push(`data-endpoint="${s}" is not a URL`)}let a=t("data-config");if(a!==void 0)try{n.configUrl=new URL(a,location.href).href}catch{e.push(`data-config="${a}" is not a URL`)}let p=t("data-stage");p!==void 0&&(Ee.includes(p)?n.stage=p:e.push(`data-stage="${p}" is not a stage: use one of ${Ee.join(", ")}; detecting it instead`));let h=t("data-context");if(h!==void 0)try{let _=JSON.parse(h);if(_===null||typeof _!="object"||Array.isArray(_))throw new Error("not an object");n.context=_}catch(_){e.push(`data-context is not a JSON object (${_.message}); it is ignored`)}let b=t("data-consent");b!==void 0&&(b==="granted"||b==="pending"?n.consent=b:e.push(`data-consent="${b}" must be "granted" or "pending"; using the site's default`));let f=i.getAttribute("data-debug");return n.debug=f!==null&&f!=="false"&&f!=="0",n.wasmUrl=new URL("exitpoll_widget_bg.wasm",r).href,{options:n,problems:e}}(function(){try{let e=window.exitpoll;if(e&&!Array.isArray(e)&&typeof e.explain=="function"){console.warn("exitpoll: the script is on this page twice; the second copy does nothing");return}let t=Ge();if(!t){console.error("exitpoll: cannot find my <script> tag; add data-site to it");return}let{options:n,problems:r}=Ze(t);if(r.length&&console.error(`exitpoll: ${r.join("; ")}`),!n.site||!n.endpoint)return;let s=ye(n,{waitForLoad:!0});if(Array.isArray(e))for(let a of e)s.push(a);window.exitpoll=s}catch(e){console.error("exitpoll: could not start:",e)}})();})();
