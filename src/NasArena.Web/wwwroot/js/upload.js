// NasArena resumable upload (ADR 0012): sends a File to the REST API in chunks with XMLHttpRequest (fetch reports no
// upload progress), resumes after a dropped connection or a page reload, and never goes through the Blazor circuit.
// ES module, no dependencies. Same-origin: the session cookie authenticates, and every change carries the antiforgery
// header the API asks of cookie requests (X-XSRF-TOKEN, from GET /api/v1/account/antiforgery).
//
// upload(file, phaseId, options) -> Promise<submission>
//   Starts (or resumes) the upload of `file` (a File or Blob with a name) to phase `phaseId` and completes it; resolves
//   with the submission as POST /api/v1/phases/{phaseId}/submissions answers it. The server checks size, file kind and
//   quota before any byte is sent; a refusal rejects with an UploadError (status, title, detail: the server's words).
//   options (all optional):
//     dotNetRef    a DotNetObjectReference; its [JSInvokable] methods OnUploadStarted(info), OnUploadProgress(progress),
//                  OnUploadCompleted(submission), OnUploadFailed(error) are called (each only if the object has it:
//                  failures to call are ignored, so a page may implement only some)
//     onStarted(info), onProgress(progress), onCompleted(submission), onFailed(error)   the same as plain callbacks
//     description, baseline, debug   as the multipart endpoint's fields (debug: a debug run, ADR 0044)
//     asset        { kind, name, public, debug } to upload an organizer's asset of the phase instead of a submission (POST
//                  /phases/{phaseId}/assets/uploads); resolves with the asset as the assets endpoint answers it
//     chunkBytes   a smaller chunk than the server's (never larger: the server's chunkBytes caps it)
//     retries      attempts per chunk before giving up (default 8); waits 0.5 s, 1 s, 2 s ... up to 15 s between them,
//                  asking the server's offset before each
//     resume       false to ignore an upload id stored for this file (default true)
//   info:     { uploadId, fileName, sizeBytes, offset, chunkBytes, quota: { summary, leftToday, dailyLimit, ... }, resumed }
//   progress: { uploadId, bytesSent, totalBytes, fraction, bytesPerSecond, secondsLeft, retries, resumedAt }
//   error:    { status, title, detail }
// cancel(uploadId) -> Promise<void>     stops sending and deletes the upload and its bytes on the server
// storedUploadId(file, phaseId) -> string|null   the id kept in localStorage for this file (same name, size, date)
// offsetOf(uploadId) -> Promise<number> where the server stands (HEAD /api/v1/uploads/{id}, header Upload-Offset)

const api = "/api/v1";
const running = new Map(); // uploadId -> the XMLHttpRequest in flight, for cancel()
let antiforgery = null;

export class UploadError extends Error {
  constructor(status, title, detail, offset) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.offset = offset;
  }
  toJSON() {
    return { status: this.status, title: this.title, detail: this.detail };
  }
}

function keyFor(file, phaseId, asset) {
  const target = asset ? `:asset:${asset.kind}:${asset.name ?? ""}${asset.debug ? ":debug" : ""}` : "";
  return `nasarena.upload:${phaseId}${target}:${file.name}:${file.size}:${file.lastModified ?? 0}`;
}

export function storedUploadId(file, phaseId, asset) {
  try {
    return localStorage.getItem(keyFor(file, phaseId, asset));
  } catch {
    return null;
  }
}

function remember(file, phaseId, id, asset) {
  try {
    if (id) localStorage.setItem(keyFor(file, phaseId, asset), id);
    else localStorage.removeItem(keyFor(file, phaseId, asset));
  } catch {
    // Private windows may refuse storage: the upload still works, it just cannot resume after a reload.
  }
}

async function antiforgeryHeader(refresh) {
  if (!antiforgery || refresh) {
    const response = await fetch(`${api}/account/antiforgery`, { credentials: "same-origin" });
    if (!response.ok) throw await problemOf(response.status, await response.text());
    antiforgery = await response.json();
  }
  return { [antiforgery.headerName]: antiforgery.token };
}

function problemOf(status, text) {
  try {
    const p = JSON.parse(text);
    return new UploadError(status, p.title, p.detail, p.offset);
  } catch {
    return new UploadError(status, "Error", text ? text.slice(0, 500) : `HTTP ${status}`);
  }
}

/** A JSON request with the antiforgery header (fetched once, again after a 400 that names it). */
async function call(method, path, body) {
  for (let attempt = 0; ; attempt++) {
    const headers = { ...(await antiforgeryHeader(attempt > 0)), Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(api + path, {
      method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.ok) return text ? JSON.parse(text) : null;
    const problem = problemOf(response.status, text);
    if (attempt === 0 && response.status === 400 && /antiforgery/i.test(problem.title || "")) continue;
    throw problem;
  }
}

export async function offsetOf(uploadId) {
  const response = await fetch(`${api}/uploads/${uploadId}`, { method: "HEAD", credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw new UploadError(response.status, response.statusText, `HEAD ${uploadId}: ${response.status}`);
  return Number(response.headers.get("Upload-Offset"));
}

/** PUT one chunk with XMLHttpRequest; resolves with the new offset, rejects with an UploadError (status 0: the network). */
function putChunk(uploadId, blob, from, total, headers, onBytes) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    running.set(uploadId, xhr);
    xhr.open("PUT", `${api}/uploads/${uploadId}`);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("Content-Range", `bytes ${from}-${from + blob.size - 1}/${total}`);
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onload = () => {
      running.delete(uploadId);
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText).offset);
      else reject(problemOf(xhr.status, xhr.responseText));
    };
    const dropped = (what) => () => {
      running.delete(uploadId);
      reject(new UploadError(0, what, `The chunk at ${from} was not sent (${what}).`));
    };
    xhr.onerror = dropped("network error");
    xhr.ontimeout = dropped("timeout");
    xhr.onabort = dropped("aborted");
    xhr.send(blob);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function notifier(options) {
  const ref = options.dotNetRef;
  return (method, callback, value) => {
    try {
      callback?.(value);
    } catch (e) {
      console.error(e);
    }
    if (ref) ref.invokeMethodAsync(method, value).catch(() => {});
  };
}

export async function upload(file, phaseId, options = {}) {
  const notify = notifier(options);
  try {
    const submission = await run(file, phaseId, options, notify);
    notify("OnUploadCompleted", options.onCompleted, submission);
    return submission;
  } catch (e) {
    const error = e instanceof UploadError ? e : new UploadError(0, "Error", String(e?.message ?? e));
    notify("OnUploadFailed", options.onFailed, error.toJSON());
    throw error;
  }
}

async function run(file, phaseId, options, notify) {
  let upload = null;
  let resumed = false;
  const asset = options.asset ?? null;
  // Kept apart from a ranked upload of the same file: resuming one must never complete the other.
  const slot = asset ?? (options.debug ? { kind: "debug-run" } : null);
  const stored = options.resume === false ? null : storedUploadId(file, phaseId, slot);
  if (stored) {
    try {
      upload = await call("GET", `/uploads/${stored}`);
      resumed = upload.sizeBytes === file.size && !upload.complete;
      if (!resumed && !upload.complete) upload = null;
    } catch {
      upload = null; // expired, cancelled or someone else's: start afresh
    }
  }
  if (!upload) {
    upload = asset
      ? await call("POST", `/phases/${phaseId}/assets/uploads`, {
        fileName: file.name, sizeBytes: file.size, contentType: file.type || null,
        kind: asset.kind, name: asset.name || null, public: !!asset.public, debug: !!asset.debug,
      })
      : await call("POST", `/phases/${phaseId}/uploads`, {
        fileName: file.name, sizeBytes: file.size, contentType: file.type || null,
        description: options.description ?? null, baseline: !!options.baseline, debug: !!options.debug,
      });
    remember(file, phaseId, upload.id, slot);
  }
  const id = upload.id;
  notify("OnUploadStarted", options.onStarted, {
    uploadId: id, fileName: file.name, sizeBytes: file.size, offset: upload.offset, chunkBytes: upload.chunkBytes,
    quota: upload.quota ?? null, resumed,
  });
  if (!upload.complete) {
    await send(file, upload, options, notify);
  }
  const submission = await call("POST", `/uploads/${id}/complete`);
  remember(file, phaseId, null, slot);
  return submission;
}

async function send(file, upload, options, notify) {
  const id = upload.id;
  const total = file.size;
  const chunk = Math.max(1, Math.min(options.chunkBytes || upload.chunkBytes, upload.chunkBytes));
  const maxRetries = options.retries ?? 8;
  const started = performance.now();
  const startOffset = upload.offset;
  let offset = upload.offset;
  let retries = 0;
  let failures = 0;
  const report = (inFlight) => {
    const sent = offset + inFlight;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? (sent - startOffset) / seconds : 0;
    notify("OnUploadProgress", options.onProgress, {
      uploadId: id, bytesSent: sent, totalBytes: total, fraction: total ? sent / total : 1,
      bytesPerSecond: Math.round(rate), secondsLeft: rate > 0 ? Math.round((total - sent) / rate) : null,
      retries, resumedAt: startOffset,
    });
  };
  report(0);
  while (offset < total) {
    const end = Math.min(offset + chunk, total);
    try {
      const headers = await antiforgeryHeader(false);
      offset = await putChunk(id, file.slice(offset, end), offset, total, headers, (loaded) => report(Math.min(loaded, end - offset)));
      failures = 0;
      report(0);
    } catch (e) {
      if (e.status === 409 && typeof e.offset === "number") {
        offset = e.offset; // the server stands elsewhere (an answer lost on the way): continue from there
        continue;
      }
      if (e.status === 400 && /antiforgery/i.test(e.title || "")) {
        await antiforgeryHeader(true);
      } else if (e.status !== 0 && e.status < 500 && e.status !== 408 && e.status !== 429) {
        throw e; // refused for a reason a retry does not change
      }
      if (++failures > maxRetries) throw e;
      retries++;
      await sleep(Math.min(15000, 500 * 2 ** (failures - 1)));
      offset = await offsetWithRetry(id, maxRetries);
      report(0);
    }
  }
}

async function offsetWithRetry(id, maxRetries) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await offsetOf(id);
    } catch (e) {
      if (attempt >= maxRetries || (e.status >= 400 && e.status < 500)) throw e;
      await sleep(Math.min(15000, 500 * 2 ** attempt));
    }
  }
}

export async function cancel(uploadId) {
  running.get(uploadId)?.abort();
  running.delete(uploadId);
  await call("DELETE", `/uploads/${uploadId}`);
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key?.startsWith("nasarena.upload:") && localStorage.getItem(key) === uploadId) localStorage.removeItem(key);
    }
  } catch {
    // no storage: nothing kept
  }
}
