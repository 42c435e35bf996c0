import json
import os


def log(stage, text):
    print(f"[2024 {stage}] {text}", flush=True)


def load_settings():
    """Read from the working directory, which the kit makes the package's own folder."""
    with open("settings.json", encoding="utf-8") as f:
        return json.load(f)


def remember(name, value):
    with open(os.path.join(os.getcwd(), name), "w", encoding="utf-8") as f:
        f.write(str(value))
