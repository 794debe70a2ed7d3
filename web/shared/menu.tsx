import type { ComponentChildren } from "preact";
import { useEffect, useId, useLayoutEffect, useRef, useState } from "preact/hooks";

export interface MenuItem {
  label: string;
  /** A link item navigates; otherwise `onSelect` runs. */
  href?: string;
  onSelect?: () => void;
  testId?: string;
  danger?: boolean;
  disabled?: boolean;
  /** Why a disabled item is disabled. */
  title?: string;
}

/**
 * A button that opens a list of actions (WAI-ARIA menu button: arrow keys move, Escape closes
 * and returns focus). The list is position: fixed beside the button, so a scrolling table
 * around it cannot clip it; it closes when the page scrolls rather than drifting away.
 */
export function Menu(props: {
  label: ComponentChildren;
  ariaLabel?: string;
  buttonClass?: string;
  testId?: string;
  header?: ComponentChildren;
  items: (MenuItem | false | null | undefined)[];
}) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const items = props.items.filter((i): i is MenuItem => !!i);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  // Place the list under the button, right-aligned, or above it when there is no room below.
  useLayoutEffect(() => {
    const pop = popRef.current;
    const button = buttonRef.current;
    if (!open || !pop || !button) return;
    const r = button.getBoundingClientRect();
    const h = pop.offsetHeight;
    const below = r.bottom + 4 + h <= window.innerHeight - 8;
    pop.style.top = `${Math.max(8, below ? r.bottom + 4 : r.top - 4 - h)}px`;
    pop.style.left = `${Math.max(8, Math.min(r.right - pop.offsetWidth, window.innerWidth - pop.offsetWidth - 8))}px`;
    pop.querySelector<HTMLElement>("[role=menuitem]:not([aria-disabled=true])")?.focus({ preventScroll: true });
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      const t = e.target as Node;
      if (!popRef.current?.contains(t) && !buttonRef.current?.contains(t)) close(false);
    };
    const away = () => close(false);
    document.addEventListener("pointerdown", outside, true);
    window.addEventListener("scroll", away, true);
    window.addEventListener("resize", away);
    return () => {
      document.removeEventListener("pointerdown", outside, true);
      window.removeEventListener("scroll", away, true);
      window.removeEventListener("resize", away);
    };
  }, [open]);

  function onKeyDown(e: KeyboardEvent) {
    const all = [...(popRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]:not([aria-disabled=true])") ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === "Escape") close(true);
    else if (e.key === "Tab") close(false);
    else if (e.key === "ArrowDown") move(at + 1);
    else if (e.key === "ArrowUp") move(at - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(all.length - 1);
    else return;
    if (e.key !== "Tab") e.preventDefault();
  }

  return (
    <span class="menu">
      <button
        ref={buttonRef}
        type="button"
        class={props.buttonClass ?? "btn small"}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={props.ariaLabel}
        onClick={() => setOpen(!open)}
        data-testid={props.testId}
      >
        {props.label}
      </button>
      {open && (
        <div class="menu-pop" ref={popRef} onKeyDown={onKeyDown}>
          {props.header && <div class="menu-header">{props.header}</div>}
          <div role="menu" id={menuId} aria-label={props.ariaLabel}>
            {items.map((item) => {
              const cls = item.danger ? "menu-item danger" : "menu-item";
              return item.href && !item.disabled ? (
                <a key={item.label} role="menuitem" class={cls} href={item.href} data-testid={item.testId} onClick={() => close(false)}>
                  {item.label}
                </a>
              ) : (
                <button
                  key={item.label}
                  type="button"
                  role="menuitem"
                  class={cls}
                  // aria-disabled keeps it focusable and its title readable; the click is ignored.
                  aria-disabled={item.disabled || undefined}
                  title={item.title}
                  data-testid={item.testId}
                  onClick={() => {
                    if (item.disabled) return;
                    close(true);
                    item.onSelect?.();
                  }}
                >
                  {item.label}
                </button>
              );
            })}
          </div>
        </div>
      )}
    </span>
  );
}
