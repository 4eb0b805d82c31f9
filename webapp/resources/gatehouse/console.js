/* Gatehouse console: copy buttons (any element with data-copy-from="<id of the element holding the value>"). */
(function () {
  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } finally { document.body.removeChild(area); }
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('[data-copy-from]') : null;
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute('data-copy-from'));
    if (!source) { return; }
    var text = (source.value !== undefined && source.tagName === 'INPUT') ? source.value : source.textContent.trim();
    var done = function () {
      var label = button.textContent;
      button.textContent = 'Copied';
      button.classList.add('gh-copied');
      setTimeout(function () { button.textContent = label; button.classList.remove('gh-copied'); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  });
})();
