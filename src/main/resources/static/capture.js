/*!
 * Leadline capture.js — no dependencies, no build step.
 *
 *   <script src="https://YOUR-LEADLINE/capture.js" data-key="ll_pk_…" defer></script>
 *   <form data-leadline> <input name="name"> <input name="email" type="email"> <button>Send</button> </form>
 *
 * On every page view it remembers, in this site's own localStorage, the trail of pages visited and
 * the UTM parameters of the visit; every <form data-leadline> is then sent as a JSON submission to
 * the Leadline that served this script (POST /api/public/lead): name, email and phone from fields of
 * those names (or of type email/tel), every other field as attributes, plus source_url, referrer,
 * utm and page_trail. A hidden honeypot field catches bots. Hooks, all optional:
 *   - events "leadline:success" / "leadline:error" on the form (they bubble); event.detail has
 *     {status, code, message, leadId, errors, form}
 *   - data-leadline-success="fn" / data-leadline-error="fn": global functions called with that detail
 *   - an element with data-leadline-message inside the form shows the outcome's message
 *   - data-leadline-redirect="/thanks" goes there after success
 * Script attributes: data-key (required), data-endpoint (override the derived endpoint),
 * data-success-message (default "Thank you! We'll be in touch.").
 * Also: window.Leadline.submit({name, email, ...}) → Promise, for pages with their own forms.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll('script[data-key][src*="capture.js"]');
    script = all[all.length - 1];
  }
  if (!script || !window.fetch || !window.JSON) {
    return;
  }

  var KEY = script.getAttribute('data-key');
  var ENDPOINT = script.getAttribute('data-endpoint') || new URL('/api/public/lead', script.src).href;
  var SUCCESS_MESSAGE = script.getAttribute('data-success-message') || "Thank you! We'll be in touch.";
  var STORE = 'leadline:';
  var HONEYPOT = 'll_website_url';
  var MAX_TRAIL = 50;
  var MAX_URL = 2048;
  var MAX_ATTRIBUTES = 50;
  var IDENTITY = { name: 'name', full_name: 'name', fullname: 'name', your_name: 'name',
    email: 'email', email_address: 'email', e_mail: 'email',
    phone: 'phone', phone_number: 'phone', tel: 'phone', telephone: 'phone', mobile: 'phone' };

  function load(name, fallback) {
    try {
      var value = window.localStorage.getItem(STORE + name);
      return value ? JSON.parse(value) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function save(name, value) {
    try {
      window.localStorage.setItem(STORE + name, JSON.stringify(value));
    } catch (e) {
      // Storage may be disabled (private mode, policies): the submission still goes, with this page only.
    }
  }

  function clip(text, max) {
    text = String(text);
    return text.length > max ? text.slice(0, max) : text;
  }

  // --- what this visit remembers -------------------------------------------------------------

  var here = clip(window.location.href, MAX_URL);
  var trail = load('trail', []);
  if (!Array.isArray(trail)) {
    trail = [];
  }
  if (trail[trail.length - 1] !== here) {
    trail.push(here);
  }
  trail = trail.slice(-MAX_TRAIL);
  save('trail', trail);

  // The UTM parameters of the latest campaign visit; Leadline keeps a lead's first touch.
  var utm = load('utm', {});
  var fresh = {};
  var tagged = false;
  new URLSearchParams(window.location.search).forEach(function (value, name) {
    if (/^utm_/i.test(name) && value && Object.keys(fresh).length < 20) {
      fresh[clip(name.toLowerCase(), 100)] = clip(value, 500);
      tagged = true;
    }
  });
  if (tagged) {
    utm = fresh;
    save('utm', utm);
  }

  // The page that brought the visitor to this site, not the previous page of the site itself.
  var referrer = load('referrer', null);
  if (document.referrer) {
    try {
      if (new URL(document.referrer).host !== window.location.host) {
        referrer = clip(document.referrer, MAX_URL);
        save('referrer', referrer);
      }
    } catch (e) {
      // An unparseable referrer is ignored.
    }
  }

  // --- sending ---------------------------------------------------------------------------------

  function payload(data) {
    var body = { source_url: here, page_trail: trail.slice(), utm: utm };
    if (referrer) {
      body.referrer = referrer;
    }
    for (var k in data) {
      if (Object.prototype.hasOwnProperty.call(data, k)) {
        body[k] = data[k];
      }
    }
    return body;
  }

  /** Sends one submission; resolves with {ok, status, code, message, leadId, errors}. */
  function submit(data) {
    return window.fetch(ENDPOINT, {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': KEY },
      body: JSON.stringify(payload(data || {}))
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return {
          ok: response.ok,
          status: response.status,
          code: body.code || null,
          message: response.ok ? SUCCESS_MESSAGE : (body.message || 'The form could not be sent.'),
          leadId: body.lead_id === undefined ? null : body.lead_id,
          errors: body.errors || [],
          requestId: body.request_id || null
        };
      });
    }, function () {
      return { ok: false, status: 0, code: 'NETWORK_ERROR',
        message: 'The form could not be sent. Check your connection and try again.',
        leadId: null, errors: [], requestId: null };
    });
  }

  // --- forms -----------------------------------------------------------------------------------

  function read(form) {
    var data = { attributes: {} };
    var attributes = 0;
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      var name = el.name;
      var type = (el.type || '').toLowerCase();
      if (!name || el.disabled || name === HONEYPOT
          || /^(submit|button|reset|file|password|image)$/.test(type)
          || ((type === 'checkbox' || type === 'radio') && !el.checked)) {
        continue;
      }
      var values = type === 'select-multiple'
        ? Array.prototype.filter.call(el.options, function (o) { return o.selected; })
            .map(function (o) { return o.value; })
        : [type === 'checkbox' && el.value === 'on' ? true : el.value];
      var identity = IDENTITY[name.toLowerCase().replace(/[\s-]/g, '_')]
        || (type === 'email' && !data.email ? 'email' : null)
        || (type === 'tel' && !data.phone ? 'phone' : null);
      if (identity && !data[identity]) {
        if (String(values[0]).trim()) {
          data[identity] = String(values[0]);
        }
        continue;
      }
      var key = clip(name, 100);
      var existing = data.attributes[key];
      if (existing === undefined) {
        if (attributes >= MAX_ATTRIBUTES) {
          continue;
        }
        attributes++;
        data.attributes[key] = values.length === 1 && type !== 'select-multiple' ? values[0] : values;
      } else {
        data.attributes[key] = [].concat(existing, values);
      }
    }
    return data;
  }

  function addHoneypot(form) {
    if (form.querySelector('[name="' + HONEYPOT + '"]')) {
      return;
    }
    var trap = document.createElement('input');
    trap.type = 'text';
    trap.name = HONEYPOT;
    trap.tabIndex = -1;
    trap.autocomplete = 'off';
    trap.setAttribute('aria-hidden', 'true');
    trap.style.cssText = 'position:absolute!important;left:-10000px!important;width:1px;height:1px;opacity:0';
    form.appendChild(trap);
  }

  function finish(form, result) {
    form.setAttribute('data-leadline-state', result.ok ? 'success' : 'error');
    var detail = { status: result.status, code: result.code, message: result.message, leadId: result.leadId,
      errors: result.errors, requestId: result.requestId, form: form };
    var box = form.querySelector('[data-leadline-message]');
    if (box) {
      box.textContent = result.message;
    }
    var hook = form.getAttribute(result.ok ? 'data-leadline-success' : 'data-leadline-error');
    if (hook && typeof window[hook] === 'function') {
      try {
        window[hook](detail);
      } catch (e) {
        setTimeout(function () { throw e; });
      }
    }
    form.dispatchEvent(new CustomEvent(result.ok ? 'leadline:success' : 'leadline:error',
      { bubbles: true, detail: detail }));
    if (result.ok) {
      form.reset();
      var redirect = form.getAttribute('data-leadline-redirect');
      if (redirect) {
        window.location.href = redirect;
      }
    }
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute('data-leadline')) {
      return;
    }
    event.preventDefault();
    if (form.getAttribute('data-leadline-state') === 'sending') {
      return;
    }
    var trap = form.querySelector('[name="' + HONEYPOT + '"]');
    if (trap && trap.value) {
      // A bot filled the invisible field: look successful, send nothing.
      finish(form, { ok: true, status: 200, code: 'IGNORED', message: SUCCESS_MESSAGE, leadId: null,
        errors: [], requestId: null });
      return;
    }
    form.setAttribute('data-leadline-state', 'sending');
    submit(read(form)).then(function (result) {
      finish(form, result);
    });
  }

  function prepare() {
    var forms = document.querySelectorAll('form[data-leadline]');
    for (var i = 0; i < forms.length; i++) {
      addHoneypot(forms[i]);
    }
  }

  // Capture phase on the document: forms added later work too, and run before page handlers.
  document.addEventListener('submit', onSubmit, true);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', prepare);
  } else {
    prepare();
  }
  if (window.MutationObserver) {
    new MutationObserver(prepare).observe(document.documentElement, { childList: true, subtree: true });
  }

  window.Leadline = {
    submit: submit,
    pageTrail: function () { return trail.slice(); },
    utm: function () { return JSON.parse(JSON.stringify(utm)); }
  };
})();
