import type { Config } from "tailwindcss";

// Loaded from app/globals.css with `@config`. Tailwind 4 finds the sources itself;
// the theme below only names the product's colours and font stack.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: {
          50: "#eef4ff",
          100: "#dbe7ff",
          500: "#3b6cf6",
          600: "#2452e0",
          700: "#1d40b3",
        },
      },
      fontFamily: {
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
      },
    },
  },
};

export default config;
