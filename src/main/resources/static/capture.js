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
 *   - an element with data-leadline-message inside the form shows the outcome's message; a form
 *     without one gets one (a <p role="status"> at its end), so a visitor always sees what became
 *     of the submission, unless the form says data-leadline-quiet (the page shows it itself)
 *   - data-leadline-redirect="/thanks" goes there after success
 * Script attributes: data-key (required), data-endpoint (override the derived endpoint),
 * data-success-message (default "Thank you! We'll be in touch.").
 * Also: window.Leadline.submit({name, email, ...}) → Promise, for pages with their own forms; the
 * document gets a "leadline:ready" event once it exists.
 *
 * A submission is never refused for its shape: values are cut to Leadline's limits, an email or
 * phone the server would refuse is kept as an attribute instead, and the oldest pages of the trail
 * make room when the body would pass 60 kB. It goes as a CORS-simple request (text/plain, key in
 * the query: no preflight) with keepalive, so it survives the page being left; when the network
 * fails it is kept in localStorage and sent again on the next page view. A page's own submit
 * handler can veto it with event.preventDefault(). form.submit() bypasses submit events (use
 * form.requestSubmit()).
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
  // Beside the script: …/capture.js → …/api/public/lead, also when Leadline is served under a path.
  var ENDPOINT = script.getAttribute('data-endpoint') || new URL('api/public/lead', script.src).href;
  var SUCCESS_MESSAGE = script.getAttribute('data-success-message') || "Thank you! We'll be in touch.";
  var STORE = 'leadline:';
  var HONEYPOT = 'll_website_url';
  var MAX_TRAIL = 50;
  var MAX_URL = 2048;
  var MAX_ATTRIBUTES = 50;
  var MAX_ITEMS = 50;
  var MAX_TEXT = 2000;
  var MAX_BODY = 60000;
  var EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
  var CSRF = /^(csrfmiddlewaretoken|authenticity_token|_token|__requestverificationtoken|_csrf|csrf_token)$/i;
  var IDENTITY = { name: 'name', full_name: 'name', fullname: 'name', your_name: 'name',
    email: 'email', email_address: 'email', e_mail: 'email',
    phone: 'phone', phone_number: 'phone', tel: 'phone', telephone: 'phone', mobile: 'phone' };
  function identityOf(name) {
    var key = name.toLowerCase().replace(/[\s-]/g, '_');
    return Object.prototype.hasOwnProperty.call(IDENTITY, key) ? IDENTITY[key] : null;
  }

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

  var here;
  var trail = load('trail', []);
  if (!Array.isArray(trail)) {
    trail = [];
  }
  var utm = load('utm', {});

  /**
   * A page view: the page joins the trail, and a campaign visit's utm_* parameters become the
   * latest touch (Leadline keeps a lead's first). Run at load and when a single-page app changes
   * the address (history.pushState / replaceState, back and forward).
   */
  function visit() {
    here = clip(window.location.href, MAX_URL);
    if (trail[trail.length - 1] !== here) {
      trail.push(here);
    }
    trail = trail.slice(-MAX_TRAIL);
    save('trail', trail);
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
  }

  visit();
  ['pushState', 'replaceState'].forEach(function (method) {
    var original = window.history && window.history[method];
    if (typeof original !== 'function') {
      return;
    }
    window.history[method] = function () {
      var result = original.apply(this, arguments);
      try {
        visit();
      } catch (e) {
        // Never break the page's navigation.
      }
      return result;
    };
  });
  window.addEventListener('popstate', visit);

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

  function bytes(text) {
    return window.TextEncoder ? new TextEncoder().encode(text).length : text.length * 3;
  }

  function warn(message) {
    if (window.console && console.warn) {
      console.warn('Leadline: ' + message);
    }
  }

  /** The body cut to what Leadline accepts, so that a visitor's lead is never refused for its shape. */
  function fit(body) {
    var attributes = body.attributes && typeof body.attributes === 'object' ? body.attributes : {};
    if (body.name != null) {
      body.name = clip(String(body.name).trim(), 255);
    }
    if (body.email != null && (String(body.email).length > 255 || !EMAIL.test(String(body.email).trim()))) {
      attributes.email_entered = clip(body.email, MAX_TEXT);
      delete body.email;
    }
    if (body.phone != null && (String(body.phone).length > 50 || !/[0-9]/.test(String(body.phone)))) {
      attributes.phone_entered = clip(body.phone, MAX_TEXT);
      delete body.phone;
    }
    var kept = Object.create(null);
    var count = 0;
    Object.keys(attributes).forEach(function (key) {
      if (count >= MAX_ATTRIBUTES) {
        warn('field "' + key + '" not sent: at most ' + MAX_ATTRIBUTES + ' fields besides name, email and phone');
        return;
      }
      var value = attributes[key];
      if (Array.isArray(value)) {
        value = value.slice(0, MAX_ITEMS).map(function (v) { return typeof v === 'string' ? clip(v, MAX_TEXT) : v; });
      } else if (typeof value === 'string') {
        value = clip(value, MAX_TEXT);
      }
      kept[clip(key, 100)] = value;
      count++;
    });
    body.attributes = kept;
    while (bytes(JSON.stringify(body)) > MAX_BODY && body.page_trail && body.page_trail.length > 1) {
      body.page_trail.shift(); // the oldest pages make room
    }
    return body;
  }

  var PENDING = 'pending';

  function post(body) {
    var url = ENDPOINT + (ENDPOINT.indexOf('?') < 0 ? '?' : '&') + 'api_key=' + encodeURIComponent(KEY);
    // text/plain with the key in the query: a CORS-simple request (no preflight to wait for), and
    // keepalive, so a page left right after submit still delivers its lead.
    return window.fetch(url, {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      keepalive: true,
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(body)
    });
  }

  /** Submissions the network lost, kept to be sent again on the next page view. */
  function keepForLater(body) {
    var pending = load(PENDING, []);
    if (!Array.isArray(pending)) {
      pending = [];
    }
    pending.push(body);
    save(PENDING, pending.slice(-10));
  }

  function sendPending() {
    var pending = load(PENDING, []);
    if (!Array.isArray(pending) || !pending.length) {
      return;
    }
    save(PENDING, []);
    pending.forEach(function (body) {
      post(body).then(function (response) {
        if (response.status >= 500) {
          keepForLater(body);
        }
      }, function () {
        keepForLater(body);
      });
    });
  }

  /** Sends one submission; resolves with {ok, status, code, message, leadId, errors}. */
  function submit(data) {
    var body = fit(payload(data || {}));
    return post(body).then(function (response) {
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
      keepForLater(body);
      return { ok: false, status: 0, code: 'NETWORK_ERROR',
        message: 'The form could not be sent now; it will be sent again when you open the next page.',
        leadId: null, errors: [], requestId: null };
    });
  }

  // --- forms -----------------------------------------------------------------------------------

  /** The form's fields as the browser would submit them (submitter included, disabled left out). */
  function read(form, submitter) {
    var data = { attributes: Object.create(null) };
    var skip = Object.create(null);
    var many = Object.create(null);
    var seen = Object.create(null);
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      var type = (el.type || '').toLowerCase();
      if (!el.name) {
        continue;
      }
      if (/^(file|password)$/.test(type) || el.name === HONEYPOT || CSRF.test(el.name)) {
        skip[el.name] = true;
      }
      // A group of boxes (or a multi-select) is a list however many are ticked.
      if (type === 'select-multiple' || (type === 'checkbox' && seen[el.name])) {
        many[el.name] = true;
      }
      seen[el.name] = true;
    }
    var entries = [];
    try {
      new FormData(form, submitter || undefined).forEach(function (value, name) { entries.push([name, value]); });
    } catch (e) {
      new FormData(form).forEach(function (value, name) { entries.push([name, value]); });
    }
    entries.forEach(function (entry) {
      var name = entry[0];
      var value = entry[1];
      if (skip[name] || typeof value !== 'string') {
        return; // passwords, files, tokens and the honeypot never leave the page
      }
      var identity = identityOf(name);
      var el = form.elements[name];
      var type = el && el.type ? el.type.toLowerCase() : '';
      if (!identity && type === 'email' && !data.email) {
        identity = 'email';
      } else if (!identity && type === 'tel' && !data.phone) {
        identity = 'phone';
      }
      if (identity && !data[identity]) {
        if (value.trim()) {
          data[identity] = value;
        }
        return;
      }
      var item = type === 'checkbox' && value === 'on' ? true : value;
      var existing = data.attributes[name];
      if (existing === undefined) {
        data.attributes[name] = many[name] ? [item] : item;
      } else {
        data.attributes[name] = [].concat(existing, item);
      }
    });
    // first_name + last_name, the most common layout, make the name.
    var first = data.attributes.first_name || data.attributes.firstname;
    var last = data.attributes.last_name || data.attributes.lastname;
    if (!data.name && (typeof first === 'string' || typeof last === 'string')) {
      var full = [first, last].filter(function (part) { return typeof part === 'string' && part.trim(); }).join(' ');
      if (full) {
        data.name = full;
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
    if (!box && !form.hasAttribute('data-leadline-quiet')) {
      box = document.createElement('p');
      box.setAttribute('data-leadline-message', '');
      box.setAttribute('role', 'status');
      form.appendChild(box);
    }
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
    if (event.defaultPrevented) {
      return; // the page's own check refused the form: nothing is sent
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
    submit(read(form, event.submitter)).then(function (result) {
      finish(form, result);
    });
  }

  function prepare() {
    var forms = document.querySelectorAll('form[data-leadline]');
    for (var i = 0; i < forms.length; i++) {
      addHoneypot(forms[i]);
    }
  }

  // Bubble phase on the document: forms added later work too, and the page's own submit handlers
  // (validation) run first and can veto with preventDefault().
  document.addEventListener('submit', onSubmit, false);
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
  sendPending();
  document.dispatchEvent(new CustomEvent('leadline:ready'));
})();
