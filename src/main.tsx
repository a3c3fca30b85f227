import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./index.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <main className="p-4">
      <h1 className="text-lg font-semibold">Tetragon events</h1>
    </main>
  </StrictMode>,
);
