import type { MetadataRoute } from "next";

/** The web app manifest (/manifest.webmanifest): Attend installs as an app that opens on today's reviews' home. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Attend",
    short_name: "Attend",
    description: "Flashcards and timed tests on how transformers work; reviews keep working offline.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#4f46e5",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
    ],
  };
}
