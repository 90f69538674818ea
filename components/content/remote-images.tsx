"use client";

import { useEffect } from "react";

/**
 * Remote images in content arrive as a "Load image from <host>" button (lib/content/
 * rehype-remote-images.ts); a click puts the real image in its place. One listener for the whole
 * document, so it works in every rendered card, answer and test, however they were inserted.
 */
export function RemoteImages() {
  useEffect(() => {
    function onClick(event: MouseEvent) {
      const button = (event.target as Element | null)?.closest?.("button.remote-image-load");
      const holder = button?.closest<HTMLElement>(".remote-image");
      if (!holder?.dataset.src) return;
      const img = document.createElement("img");
      img.src = holder.dataset.src;
      img.alt = holder.dataset.alt ?? "";
      img.referrerPolicy = "no-referrer";
      img.className = "remote-image-loaded";
      holder.replaceWith(img);
    }
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);
  return null;
}
