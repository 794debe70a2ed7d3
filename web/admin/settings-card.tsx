import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";

/** A titled card of settings with a line saying what they govern. */
export function SettingsCard({ title, intro, extraClass, children }: { title: string; intro: string; extraClass?: string; children: ComponentChildren }) {
  const id = useId();
  return (
    <section class={extraClass ? `card ${extraClass}` : "card"} aria-labelledby={id}>
      <h2 id={id} class="card-title">
        {title}
      </h2>
      <p class="small muted">{intro}</p>
      {children}
    </section>
  );
}
