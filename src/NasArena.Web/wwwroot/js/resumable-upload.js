// The browser side of the ResumableUpload component (Components/Shared/Uploads), for participants' submissions and
// organizers' phase assets alike: reports the chosen file's name and size (so the page checks them before any byte is
// sent) and hands the File to upload.js, which sends it to the REST API in resumable chunks (ADR 0012). The file's bytes
// never travel through the Blazor circuit.
import { upload, cancel } from "./upload.js";

// Tells the component the name and size of the file chosen in `input` (null when none), now and on every change.
export function watch(input, dotNetRef) {
  const report = () => {
    const file = input.files && input.files[0];
    dotNetRef.invokeMethodAsync("OnFileChosen", file ? file.name : null, file ? file.size : 0);
  };
  input.addEventListener("change", report);
  if (input.files && input.files.length > 0) report(); // chosen before the page was listening
}

// Uploads the chosen file to the phase: a submission ({ description }) or an asset ({ asset: { kind, name, public } }).
// Progress and the outcome reach dotNetRef's OnUpload* methods (upload.js). Resolves true when the server accepted it,
// false when it refused (the reason went to OnUploadFailed).
export async function start(input, phaseId, dotNetRef, options) {
  const file = input.files && input.files[0];
  if (!file) return false;
  try {
    await upload(file, phaseId, { ...(options || {}), dotNetRef });
    return true;
  } catch {
    return false;
  }
}

export function stop(uploadId) {
  return cancel(uploadId);
}
