// A small handset glyph for icon buttons (same shape as the toolbar icon), drawn in currentColor.
export function PhoneIcon({ size = 16 }: { readonly size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <g fill="currentColor" stroke="currentColor" stroke-linecap="round">
        <path d="M 31 33 A 38 38 0 0 0 67 69" fill="none" stroke-width="15" />
        <rect x="16" y="15" width="33" height="24" rx="10" transform="rotate(-42 33.5 28)" stroke="none" />
        <rect x="60" y="49" width="24" height="33" rx="10" transform="rotate(-48 72 66.5)" stroke="none" />
      </g>
    </svg>
  );
}
