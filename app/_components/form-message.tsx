// The live region a form's errors and notices render in; the input points at it with
// aria-describedby so screen readers announce it with the field.
export function FormMessage({
  id,
  message,
  tone = "error",
}: {
  id: string;
  message?: string;
  tone?: "error" | "info";
}) {
  return (
    <p
      id={id}
      aria-live="polite"
      className={`mt-2 min-h-5 text-sm ${tone === "error" ? "text-red-700 dark:text-red-400" : "text-green-700 dark:text-green-400"}`}
    >
      {message}
    </p>
  );
}
