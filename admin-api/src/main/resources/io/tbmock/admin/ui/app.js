'use strict';
// tbmock's web view: the journal as it grows (long-polling GET /admin/events) and the devices with their sessions.
// Everything a device sent is put on the page as text (textContent), never as HTML.
(() => {
  const EVENT_TYPES = ['CONNECT', 'CONNECT_REJECTED', 'SUBSCRIBE', 'UNSUBSCRIBE', 'TELEMETRY', 'ATTRIBUTES',
    'ATTRIBUTE_REQUEST', 'ATTRIBUTE_RESPONSE', 'ATTRIBUTE_UPDATE', 'RPC_REQUEST', 'RPC_RESPONSE', 'RPC_TIMEOUT',
    'CLIENT_RPC_REQUEST', 'CLIENT_RPC_RESPONSE', 'CLAIM', 'PROVISION_REQUEST', 'PROVISION_RESPONSE',
    'OTA_CHUNK_REQUEST', 'OTA_CHUNK', 'REJECTED', 'DISCONNECT', 'GATEWAY_DEVICE_NOTICE', 'FAULT'];
  // Events that change what the devices pane shows.
  const DEVICE_CHANGES = new Set(['CONNECT', 'DISCONNECT', 'SUBSCRIBE', 'UNSUBSCRIBE', 'PROVISION_RESPONSE',
    'GATEWAY_DEVICE_NOTICE']);
  const KEPT = 5000;      // events the page keeps; older ones are dropped
  const SHOWN = 1000;     // rows in the list while it follows
  const PAGE = 2000;      // events per long poll
  const WAIT_MS = 25000;  // how long a long poll waits for the next event
  const TOKEN_KEY = 'tbmock.adminToken';

  const $ = id => document.getElementById(id);
  const list = $('events');
  const searchText = new WeakMap();
  const state = {events: [], next: 0, paused: false, held: [], queued: [], frame: 0, devices: [], selected: null,
    seenDevices: new Set(), refreshing: 0};

  // --- the admin API, with the admin token once one is given ---------------------------------------------

  async function api(method, path, body) {
    const headers = {};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (notJson) {
      json = {error: text};
    }
    if (response.status === 401) {
      askForToken();
    }
    if (response.status >= 400) {
      const failure = new Error((json && json.error) || 'HTTP ' + response.status);
      failure.body = json;
      throw failure;
    }
    return json;
  }

  function askForToken() {
    $('token-form').hidden = false;
    setConnection('The admin API needs its token (--admin-token).');
  }

  $('token-form').addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value);
    $('token').value = '';
    $('token-form').hidden = true;
    setConnection('Connecting…');
    refreshDevices();
  });

  function setConnection(text) {
    if ($('connection').textContent !== text) {
      $('connection').textContent = text;
    }
  }

  const devicePath = name => '/admin/devices/' + encodeURIComponent(name);

  // --- the journal --------------------------------------------------------------------------------------

  async function poll() {
    let caughtUp = false; // until the journal is read to its end, ask without waiting
    for (;;) {
      try {
        const wait = caughtUp ? WAIT_MS : 0;
        const page = await api('GET', `/admin/events?after=${state.next}&limit=${PAGE}&waitMs=${wait}`);
        setConnection('Live: following the journal.');
        state.next = page.next;
        caughtUp = page.events.length < PAGE;
        received(page.events);
      } catch (failure) {
        setConnection('Cannot read the journal: ' + failure.message + '. Trying again.');
        await new Promise(resolve => setTimeout(resolve, 2000));
      }
    }
  }

  function received(events) {
    if (events.length === 0) {
      return;
    }
    let devicesChanged = false;
    let selectedChanged = false;
    for (const event of events) {
      state.events.push(event);
      if (event.device && !state.seenDevices.has(event.device)) {
        state.seenDevices.add(event.device);
        devicesChanged = true;
      }
      devicesChanged = devicesChanged || DEVICE_CHANGES.has(event.type);
      selectedChanged = selectedChanged || (state.selected !== null
        && (event.device === state.selected || event.gateway === state.selected));
    }
    if (state.events.length > KEPT) {
      state.events.splice(0, state.events.length - KEPT);
    }
    const matching = events.filter(matches);
    if (state.paused) {
      state.held.push(...matching);
      if (state.held.length > KEPT) {
        state.held.splice(0, state.held.length - KEPT);
      }
      showHeld();
    } else {
      show(matching);
    }
    $('journal-count').textContent = `${state.events.length} events kept (the newest ${KEPT.toLocaleString('en')} at most;`
      + ` the list shows the newest ${SHOWN.toLocaleString('en')} while it follows)`;
    if (devicesChanged) {
      refreshDevicesSoon();
    } else if (selectedChanged) {
      refreshSelectedSoon();
    }
  }

  function matches(event) {
    const device = $('filter-device').value;
    const type = $('filter-type').value;
    const text = $('filter-text').value.trim().toLowerCase();
    return (!device || event.device === device || event.gateway === device)
      && (!type || event.type === type)
      && (!text || textOf(event).includes(text));
  }

  function textOf(event) {
    let text = searchText.get(event);
    if (text === undefined) {
      text = [event.seq, event.device, event.gateway, event.transport, event.clientId, event.direction, event.type,
        event.topic, payloadOf(event), event.payloadBase64, event.error].filter(part => part !== null && part !== undefined).join(' ').toLowerCase();
      searchText.set(event, text);
    }
    return text;
  }

  function payloadOf(event) {
    if (typeof event.payloadText === 'string') {
      return event.payloadText;
    }
    if (event.payload === null || event.payload === undefined) {
      return '';
    }
    return typeof event.payload === 'string' ? event.payload : JSON.stringify(event.payload);
  }

  // Rows are added once per frame, however many events arrive, so the page keeps up with thousands a second.
  function show(events) {
    state.queued.push(...events);
    if (state.queued.length > SHOWN) {
      state.queued.splice(0, state.queued.length - SHOWN);
    }
    if (!state.frame) {
      state.frame = requestAnimationFrame(flush);
    }
  }

  function flush() {
    state.frame = 0;
    const following = atBottom();
    const fragment = document.createDocumentFragment();
    state.queued.forEach(event => fragment.appendChild(row(event)));
    state.queued = [];
    list.appendChild(fragment);
    if (following) {
      trim(SHOWN);
      list.scrollTop = list.scrollHeight;
    } else if (list.children.length > 3 * SHOWN) {
      // Someone reads older rows: drop the oldest, keeping what is in view where it is.
      const height = list.scrollHeight;
      trim(2 * SHOWN);
      list.scrollTop -= height - list.scrollHeight;
    }
  }

  function trim(rows) {
    while (list.children.length > rows) {
      list.firstElementChild.remove();
    }
  }

  function atBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 8;
  }

  function row(event) {
    const item = document.createElement('li');
    item.className = 'event ' + String(event.direction).toLowerCase() + (event.error ? ' refused' : '')
      + (event.type === 'FAULT' ? ' fault' : '');
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.append(
      span('seq', '#' + event.seq),
      span('time', new Date(event.ts).toISOString().slice(11, 23)),
      span('direction', event.direction === 'IN' ? 'IN ←' : 'OUT →'),
      span('type', event.type));
    if (event.device) {
      summary.append(span('device', event.device + (event.gateway ? ' (via ' + event.gateway + ')' : '')));
    }
    if (event.topic) {
      summary.append(span('topic', event.topic));
    }
    const payload = payloadOf(event);
    if (payload) {
      summary.append(span('payload', payload.length > 160 ? payload.slice(0, 160) + '…' : payload));
    }
    if (event.payloadBase64) {
      summary.append(span('binary', 'protobuf'));
    }
    if (event.error) {
      summary.append(span('error', event.error.length > 160 ? event.error.slice(0, 160) + '…' : event.error));
    }
    details.append(summary);
    details.addEventListener('toggle', () => {
      if (details.open && details.children.length === 1) {
        details.append(expanded(event));
      }
    });
    item.append(details);
    return item;
  }

  function span(className, text) {
    const element = document.createElement('span');
    element.className = className;
    element.textContent = text;
    return element;
  }

  function expanded(event) {
    const body = document.createElement('div');
    body.className = 'expanded';
    const facts = document.createElement('p');
    facts.textContent = [event.transport ? 'over ' + event.transport : null,
      event.clientId ? 'client id ' + event.clientId : null,
      new Date(event.ts).toISOString()].filter(Boolean).join(' · ');
    body.append(facts);
    if (event.payload !== null && event.payload !== undefined) {
      const payload = document.createElement('pre');
      payload.textContent = typeof event.payload === 'string' ? event.payload : JSON.stringify(event.payload, null, 2);
      body.append(payload);
    }
    if (event.payloadBase64) { // a binary payload: shown decoded above, and here as it went over the wire
      const raw = document.createElement('p');
      raw.className = 'raw';
      raw.textContent = 'raw (base64): ' + event.payloadBase64;
      body.append(raw);
    }
    if (event.error) {
      const error = document.createElement('p');
      error.className = 'error';
      error.textContent = event.error;
      body.append(error);
    }
    return body;
  }

  function showAgain() {
    state.held = [];
    showHeld();
    state.queued = [];
    list.replaceChildren();
    show(state.events.filter(matches));
  }

  function showHeld() {
    $('pending').textContent = state.held.length ? `${state.held.length} new held while paused` : '';
  }

  ['filter-device', 'filter-type'].forEach(id => $(id).addEventListener('change', showAgain));
  $('filter-text').addEventListener('input', showAgain);

  $('pause').addEventListener('click', () => {
    state.paused = !state.paused;
    $('pause').setAttribute('aria-pressed', String(state.paused));
    $('pause').textContent = state.paused ? 'Follow' : 'Pause';
    if (!state.paused) {
      const held = state.held;
      state.held = [];
      showHeld();
      show(held);
    }
  });

  $('export').addEventListener('click', () => {
    const shown = state.events.filter(matches);
    const file = new Blob([JSON.stringify(shown, null, 2)], {type: 'application/json'});
    const link = document.createElement('a');
    link.href = URL.createObjectURL(file);
    link.download = 'tbmock-events.json';
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(link.href);
  });

  $('clear').addEventListener('click', () => {
    state.events = [];
    showAgain();
    $('journal-count').textContent = '';
  });

  for (const type of EVENT_TYPES) {
    const option = document.createElement('option');
    option.value = type;
    option.textContent = type;
    $('filter-type').append(option);
  }

  // --- the devices --------------------------------------------------------------------------------------

  function refreshDevicesSoon() {
    if (!state.refreshing) {
      state.refreshing = setTimeout(() => {
        state.refreshing = 0;
        refreshDevices();
      }, 200);
    }
  }

  let selectedRefresh = 0;
  function refreshSelectedSoon() {
    if (!selectedRefresh) {
      selectedRefresh = setTimeout(() => {
        selectedRefresh = 0;
        refreshSelected();
      }, 200);
    }
  }

  async function refreshDevices() {
    try {
      state.devices = await api('GET', '/admin/devices');
    } catch (failure) {
      setConnection('Cannot list the devices: ' + failure.message);
      return;
    }
    state.devices.forEach(device => state.seenDevices.add(device.name));
    renderDevices();
    renderDeviceFilter();
    if (state.selected !== null) {
      refreshSelected();
    }
  }

  // Rebuilt only when something changed, so a keyboard user's focus stays where it is.
  let renderedDevices = '';
  function renderDevices() {
    const rendered = JSON.stringify([state.devices, state.selected]);
    if (rendered === renderedDevices) {
      return;
    }
    renderedDevices = rendered;
    const names = new Set(state.devices.map(device => device.name));
    const tops = state.devices.filter(device => !device.lastConnectedGateway || !names.has(device.lastConnectedGateway));
    const items = tops.map(device => deviceItem(device,
      state.devices.filter(child => child.lastConnectedGateway === device.name)));
    $('devices').replaceChildren(...items);
    $('no-devices').hidden = state.devices.length > 0;
  }

  function deviceItem(device, children) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'device-button';
    button.setAttribute('aria-pressed', String(device.name === state.selected));
    button.append(span('name', device.name),
      span(device.connected ? 'badge on' : 'badge off', device.connected ? 'connected' : 'offline'),
      span('kind', device.gateway ? 'gateway' : device.type));
    button.addEventListener('click', () => select(device.name));
    item.append(button);
    if (children.length) {
      const nested = document.createElement('ul');
      nested.setAttribute('aria-label', 'Devices of ' + device.name);
      nested.replaceChildren(...children.map(child => deviceItem(child, [])));
      item.append(nested);
    }
    return item;
  }

  let filterNames = '';
  function renderDeviceFilter() {
    const filter = $('filter-device');
    const chosen = filter.value;
    const names = [...state.seenDevices].sort();
    if (JSON.stringify(names) === filterNames) {
      return;
    }
    filterNames = JSON.stringify(names);
    const options = names.map(name => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = name;
      return option;
    });
    filter.replaceChildren(filter.options[0], ...options);
    filter.value = chosen;
  }

  function select(name) {
    state.selected = name;
    state.seenDevices.add(name);
    renderDeviceFilter();
    $('filter-device').value = name === null ? '' : name;
    $('device').hidden = name === null;
    renderDevices();
    showAgain();
    if (name !== null) {
      $('device-title').textContent = name;
      ['disconnect-result', 'attribute-result', 'rpc-result', 'fault-result'].forEach(id => {
        $(id).textContent = '';
      });
      refreshSelected();
    }
  }

  $('unselect').addEventListener('click', () => select(null));
  $('refresh-devices').addEventListener('click', refreshDevices);
  $('filter-device').addEventListener('change', () => {
    if (state.selected !== null && $('filter-device').value !== state.selected) {
      state.selected = null;
      $('device').hidden = true;
      renderDevices();
    }
  });

  async function refreshSelected() {
    const name = state.selected;
    if (name === null) {
      return;
    }
    try {
      const [session, deviceState, ota, connectivity] = await Promise.all([
        api('GET', devicePath(name) + '/session'), api('GET', devicePath(name) + '/state'),
        api('GET', devicePath(name) + '/ota'), api('GET', devicePath(name) + '/connectivity')]);
      if (name === state.selected) {
        renderSession(session, deviceState);
        renderOta(ota);
        renderConnectivity(connectivity);
      }
      refreshFaults();
    } catch (failure) {
      $('session').replaceChildren(term('Device'), definition(failure.message));
    }
  }

  function renderSession(session, deviceState) {
    const protocols = {3: 'MQTT 3.1', 4: 'MQTT 3.1.1', 5: 'MQTT 5'};
    const rows = [term('Connected'), definition(session.connected ? 'yes' : 'no'),
      term('Active'), definition((deviceState.active ? 'yes' : 'no') + (deviceState.lastActivityTime
        ? ', last activity ' + new Date(deviceState.lastActivityTime).toISOString() : ''))];
    if (session.connected) {
      rows.push(term('Protocol'), definition(protocols[session.protocolVersion] || String(session.protocolVersion)),
        term('Client id'), definition(session.clientId || ''),
        term('Subscriptions'), definition(session.subscriptions.length ? session.subscriptions.join(', ') : 'none'));
    }
    $('session').replaceChildren(...rows);
  }

  function renderOta(ota) {
    const parts = [];
    for (const kind of ['firmware', 'software']) {
      const update = ota && ota[kind];
      if (update) {
        parts.push(`${kind}: ${update.title} ${update.version}, ${update.chunksServed} chunks (${update.bytesServed} bytes)`
          + ` served; states: ${update.states.length ? update.states.join(' → ') : 'none yet'}`);
      }
    }
    $('ota').textContent = parts.length ? parts.join('\n') : 'Nothing assigned.';
  }

  // ThingsBoard's ready-to-paste commands, a line each, labelled as its connectivity answer nests them.
  function renderConnectivity(commands) {
    const lines = [];
    const walk = (node, label) => {
      if (typeof node === 'string') {
        lines.push(`# ${label}`, node);
      } else if (Array.isArray(node)) {
        lines.push(`# ${label}`, ...node);
      } else {
        Object.entries(node).forEach(([key, value]) => walk(value, label ? `${label} ${key}` : key));
      }
    };
    walk(commands, '');
    $('connectivity').textContent = lines.join('\n');
  }

  const term = text => Object.assign(document.createElement('dt'), {textContent: text});
  const definition = text => Object.assign(document.createElement('dd'), {textContent: text});

  $('disconnect').addEventListener('click', async () => {
    const result = $('disconnect-result');
    try {
      await api('POST', devicePath(state.selected) + '/disconnect');
      result.textContent = 'Disconnected.';
    } catch (failure) {
      result.textContent = failure.message;
    }
  });

  $('attribute-form').addEventListener('submit', async event => {
    event.preventDefault();
    const result = $('attribute-result');
    const text = $('attribute-value').value;
    let value;
    try {
      value = JSON.parse(text);
    } catch (notJson) {
      value = text;
    }
    try {
      const answer = await api('POST', devicePath(state.selected) + '/attributes/shared',
        {[$('attribute-key').value]: value});
      result.textContent = answer.pushed ? 'Pushed to the device.'
        : 'Stored; the device is not subscribed to attribute updates, so nothing was pushed.';
    } catch (failure) {
      result.textContent = failure.message;
    }
  });

  $('rpc-form').addEventListener('submit', async event => {
    event.preventDefault();
    const result = $('rpc-result');
    let params;
    try {
      params = JSON.parse($('rpc-params').value || '{}');
    } catch (notJson) {
      result.textContent = 'The params must be JSON, such as {"pin":4} or true.';
      return;
    }
    const request = {method: $('rpc-method').value, params, oneway: $('rpc-oneway').checked,
      timeoutMs: Number($('rpc-timeout').value) || 10000};
    result.textContent = 'Sent; waiting for the device…';
    try {
      const outcome = await api('POST', devicePath(state.selected) + '/rpc', request);
      result.textContent = describeRpc(outcome);
    } catch (failure) {
      // A timed-out or failed RPC is a 504 that still says where the RPC ended.
      result.textContent = failure.body && failure.body.status ? describeRpc(failure.body) : failure.message;
    }
  });

  /** The common faults the page offers, as POST /admin/faults bodies for the selected device (docs/faults.md). */
  const FAULTS = {
    refuse: device => ({kind: 'REFUSE_CONNECT', device, reasonCode: 0x88}),
    close: device => ({kind: 'CLOSE', device, afterMs: 1, reasonCode: 0x98}),
    withhold: device => ({kind: 'WITHHOLD_PUBACK', device}),
    drop: device => ({kind: 'DROP_DOWNLINK', device}),
    stall: device => ({kind: 'STALL', device, stallMs: 10000}),
    restart: () => ({kind: 'RESTART', downMs: 5000})
  };

  $('fault-form').addEventListener('submit', async event => {
    event.preventDefault();
    const result = $('fault-result');
    try {
      const fault = await api('POST', '/admin/faults', FAULTS[$('fault-kind').value](state.selected));
      result.textContent = `Fault ${fault.id} injected (${fault.kind}).`;
    } catch (failure) {
      result.textContent = failure.message;
    }
    refreshFaults();
  });

  /** The faults that bite the selected device (its own, and those for every device), each with a remove button. */
  async function refreshFaults() {
    const name = state.selected;
    if (name === null) {
      return;
    }
    let faults;
    try {
      faults = await api('GET', '/admin/faults');
    } catch (failure) {
      return;
    }
    const items = faults.filter(fault => fault.device === null || fault.device === name).map(fault => {
      const item = document.createElement('li');
      const bound = fault.count !== null ? `${fault.fired} of ${fault.count} fired` : `fired ${fault.fired}`;
      const scope = (fault.device === null ? ' (every device)' : '') + (fault.transport ? ` (${fault.transport} only)` : '');
      item.append(span('fault', `${fault.kind}${scope}: ${bound} `));
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', `Remove the ${fault.kind} fault`);
      remove.addEventListener('click', async () => {
        try {
          await api('DELETE', '/admin/faults/' + encodeURIComponent(fault.id));
        } catch (spent) {
          // spent meanwhile: gone either way
        }
        refreshFaults();
      });
      item.append(remove);
      return item;
    });
    if (name === state.selected) {
      $('faults').replaceChildren(...items);
    }
  }

  function describeRpc(outcome) {
    let text = `RPC ${outcome.id}: ${outcome.status}`;
    if (outcome.response !== undefined && outcome.response !== null) {
      text += '\n' + JSON.stringify(outcome.response, null, 2);
    }
    if (outcome.error) {
      text += '\n' + outcome.error;
    }
    return text;
  }

  refreshDevices();
  poll();
})();
