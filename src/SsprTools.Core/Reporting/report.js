// The HTML readiness report's script (embedded in SsprTools.Core, inlined into the report; the page's CSP allows it by
// its SHA-256 hash). Plain DOM script, no framework and no embedded data: it reads the table it sorts and filters. A
// report URL may carry the view in its fragment: #unrecoverable, #q=text, #sort=column[-desc] (e.g. a link in a
// ticket); the values only ever reach .value and attribute comparisons, never markup. The page reads completely
// without it.
(function () {
  'use strict';
  var table = document.getElementById('account-table');
  if (!table) { document.documentElement.setAttribute('data-script', 'ready'); return; }
  var rows = Array.prototype.slice.call(table.tBodies);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var filter = document.getElementById('filter');
  var only = document.getElementById('only-unrecoverable');
  var shown = document.getElementById('shown');
  document.getElementById('controls').hidden = false;

  function apply() {
    var q = filter.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (row) {
      var ok = (!only.checked || row.getAttribute('data-recoverable') === 'false') &&
        (q === '' || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = shown.getAttribute('data-template').replace('{0}', String(n)).replace('{1}', String(rows.length));
  }

  function key(row, i, numeric) {
    var cell = row.rows[0].cells[i];
    var v = cell.getAttribute('data-sort-value');
    if (v === null) { v = cell.textContent; }
    return numeric ? (parseFloat(v) || 0) : v.trim().toLowerCase();
  }

  function sortBy(i, direction) {
    var th = headers[i];
    var numeric = th.getAttribute('data-type') === 'number';
    var sign = direction === 'descending' ? -1 : 1;
    headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', direction);
    rows.map(function (r, n) { return { row: r, key: key(r, i, numeric), n: n }; })
      .sort(function (a, b) {
        var c = numeric ? a.key - b.key : a.key.localeCompare(b.key);
        return c !== 0 ? c * sign : a.n - b.n;
      })
      .forEach(function (x) { table.appendChild(x.row); });
  }

  headers.forEach(function (th, i) {
    var button = document.createElement('button');
    button.type = 'button';
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener('click', function () {
      sortBy(i, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
    });
  });

  filter.addEventListener('input', apply);
  only.addEventListener('change', apply);

  location.hash.replace(/^#/, '').split('&').forEach(function (part) {
    var eq = part.indexOf('=');
    var name = eq < 0 ? part : part.slice(0, eq);
    var value = '';
    try { value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' ')); } catch (e) { value = ''; }
    if (name === 'unrecoverable') { only.checked = true; }
    if (name === 'q') { filter.value = value; }
    if (name === 'sort') {
      var desc = /-desc$/.test(value);
      var col = value.replace(/-desc$/, '');
      headers.forEach(function (h, i) { if (h.getAttribute('data-col') === col) { sortBy(i, desc ? 'descending' : 'ascending'); } });
    }
  });

  apply();
  document.documentElement.setAttribute('data-script', 'ready');
})();
