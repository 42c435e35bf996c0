// The organizer editor's hidden-asset upload: the same resumable chunked protocol and module as participants' submissions
// (upload.js), aimed at POST /phases/{id}/assets/uploads. The file's bytes never travel through the Blazor circuit.
import { upload, cancel } from "./upload.js";

// Tells the component the chosen file's name and size (null when none), now and on every change.
export function watch(input, dotNetRef) {
  const report = () => {
    const file = input.files && input.files[0];
    dotNetRef.invokeMethodAsync("OnFileChosen", file ? file.name : null, file ? file.size : 0);
  };
  input.addEventListener("change", report);
  if (input.files && input.files.length > 0) report();
}

// Uploads the chosen file as the phase's asset { kind, name, public }; progress and outcome reach dotNetRef's OnUpload* methods.
export async function start(input, phaseId, dotNetRef, asset) {
  const file = input.files && input.files[0];
  if (!file) return false;
  try {
    await upload(file, phaseId, { dotNetRef, asset });
    return true;
  } catch {
    return false;
  }
}

export function stop(uploadId) {
  return cancel(uploadId);
}
