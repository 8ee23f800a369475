import { brand } from "@/lib/brand";

// What every email template shares. Email clients ignore CSS variables and most <style> rules,
// so these are inline-style objects with the hex values of lib/brand.ts. Emails keep the light
// palette: dark-mode support differs per client, and those that darken mail invert it themselves.

const palette = brand.colors.light;

export const body = { backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" };
export const container = {
  backgroundColor: "#ffffff",
  margin: "32px auto",
  padding: "32px",
  maxWidth: "480px",
  borderRadius: "8px",
};
// The logo in email is the name set in the brand colour: an image would be blocked by default in
// many clients (and an SVG dropped by Gmail and Outlook), leaving an empty box above the message.
export const wordmark = { fontSize: "18px", fontWeight: 700, color: palette.brand, margin: "0 0 8px" };
export const heading = { fontSize: "22px", color: "#111827" };
export const text = { fontSize: "15px", lineHeight: "24px", color: "#374151" };
export const detail = { ...text, backgroundColor: "#f3f4f6", padding: "12px 16px", borderRadius: "6px" };
export const muted = { fontSize: "13px", lineHeight: "20px", color: "#6b7280", marginTop: "24px" };
export const buttonSection = { margin: "24px 0" };
export const button = {
  backgroundColor: palette.brand,
  color: palette.onBrand,
  padding: "12px 20px",
  borderRadius: "6px",
  fontWeight: 600,
  textDecoration: "none",
};
export const code = {
  fontSize: "32px",
  letterSpacing: "6px",
  fontWeight: 700,
  fontFamily: "ui-monospace, Menlo, monospace",
  color: "#111827",
};
