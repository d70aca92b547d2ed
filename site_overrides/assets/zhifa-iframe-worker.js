/* Search in the offline copy (file://). Material's search runs in a Web Worker, which Chromium does not start from
   file://; Material's offline plugin then runs the worker script in a hidden iframe (npm iframe-worker). That shim
   writes an inline <script> into the iframe, which the site's Content-Security-Policy (no inline scripts) blocks,
   so this one sets the worker's globals (postMessage, importScripts) from outside and loads the worker and its
   imports only as <script src> files. Material's worker knows this mode by window.IFrameWorker. Served pages
   (http) keep the real Worker. The file name contains "iframe-worker" so that the offline plugin adds no shim of
   its own from unpkg. */
(function () {
  if (location.protocol !== "file:" || typeof EventTarget !== "function") return;

  function load(win, url) {
    return new Promise(function (resolve, reject) {
      var script = win.document.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("cannot load " + url)); };
      win.document.body.appendChild(script);
    });
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      var worker = this;
      this.url = String(url);
      this.onmessage = null;
      this.onerror = null;
      this.iframe = document.createElement("iframe");
      this.iframe.hidden = true;
      document.body.appendChild(this.iframe);
      var win = this.iframe.contentWindow;
      // The worker's side: what it posts reaches this object's listeners, as from a real worker (later, a copy).
      win.postMessage = function (data) {
        var copy = structuredClone(data);
        setTimeout(function () { worker.emit(new MessageEvent("message", { data: copy })); }, 0);
      };
      // A real importScripts is synchronous; Material's worker awaits what this one returns.
      win.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, u) { return done.then(function () { return load(win, u); }); },
                           Promise.resolve());
      };
      win.addEventListener("error", function (event) {
        worker.emit(new ErrorEvent("error", { message: event.message, filename: event.filename,
                                              lineno: event.lineno, colno: event.colno, error: event.error }));
      });
      this.ready = load(win, this.url);
      this.ready.catch(function (error) {
        worker.emit(new ErrorEvent("error", { message: error.message, filename: worker.url, error: error }));
      });
    }

    emit(event) {
      this.dispatchEvent(event);
      var handler = event.type === "message" ? this.onmessage : this.onerror;
      if (typeof handler === "function") handler.call(this, event);
    }

    postMessage(data) {
      var win = this.iframe.contentWindow;
      var copy = structuredClone(data);
      this.ready.then(function () { win.dispatchEvent(new win.MessageEvent("message", { data: copy })); },
                      function () { /* reported as an error event already */ });
    }

    terminate() {
      this.iframe.remove();
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
