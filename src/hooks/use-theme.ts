/**
 * Theme: "system" follows prefers-color-scheme; "light"/"dark" override it. The choice is
 * remembered in localStorage; the effective theme is a `dark` class on <html> (Tailwind's
 * dark variant is bound to it in index.css).
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { loadString, saveString } from "./local-settings";

export type ThemeChoice = "light" | "dark" | "system";
const KEY = "tetragon-dashboard.theme";
const QUERY = "(prefers-color-scheme: dark)";

function readChoice(): ThemeChoice {
  const v = loadString(KEY);
  return v === "light" || v === "dark" ? v : "system";
}

function subscribeSystem(listener: () => void): () => void {
  const mq = window.matchMedia(QUERY);
  mq.addEventListener("change", listener);
  return () => {
    mq.removeEventListener("change", listener);
  };
}

const systemIsDark = (): boolean => window.matchMedia(QUERY).matches;

export function useTheme(): {
  choice: ThemeChoice;
  effective: "light" | "dark";
  setChoice: (c: ThemeChoice) => void;
} {
  const [choice, setChoiceState] = useState<ThemeChoice>(readChoice);
  const dark = useSyncExternalStore(subscribeSystem, systemIsDark, () => false);
  const effective = choice === "system" ? (dark ? "dark" : "light") : choice;
  useEffect(() => {
    document.documentElement.classList.toggle("dark", effective === "dark");
    document.documentElement.style.colorScheme = effective;
  }, [effective]);
  const setChoice = useCallback((c: ThemeChoice) => {
    saveString(KEY, c);
    setChoiceState(c);
  }, []);
  return { choice, effective, setChoice };
}
