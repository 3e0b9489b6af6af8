import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { PortalProvider } from "./shell.tsx";
import "./portal.css";

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      <PortalProvider>
        <App />
      </PortalProvider>
    </StrictMode>,
  );

// Installable, and the shell opens offline: a small service worker under /portal/ (web/public/portal/sw.js).
if ("serviceWorker" in navigator && window.isSecureContext)
  navigator.serviceWorker.register("/portal/sw.js", { scope: "/portal/" }).catch(() => undefined);
