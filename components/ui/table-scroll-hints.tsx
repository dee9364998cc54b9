'use client';

import { useEffect } from 'react';

/**
 * Marks every `.table-wrap` whose table is wider than its box with `data-scrolls`, so the
 * stylesheet can show the hint "Scroll sideways to see every column" and edge shadows
 * (issue 14: wide tables scroll inside their own box, with a visible hint, at phone width).
 * One observer for the whole app, so no table component has to remember it. It only sets
 * attributes; it never adds or removes nodes that React renders.
 */
export function TableScrollHints() {
  useEffect(() => {
    const resize = new ResizeObserver((entries) => {
      for (const e of entries) mark(e.target as HTMLElement);
    });
    const seen = new WeakSet<Element>();
    const scan = () => {
      for (const el of document.querySelectorAll<HTMLElement>('.table-wrap')) {
        if (!seen.has(el)) {
          seen.add(el);
          resize.observe(el);
          const table = el.querySelector('table');
          if (table) resize.observe(table);
        }
        mark(el);
      }
    };
    scan();
    const mutations = new MutationObserver(scan);
    mutations.observe(document.body, { childList: true, subtree: true });
    return () => {
      mutations.disconnect();
      resize.disconnect();
    };
  }, []);
  return null;
}

const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

function mark(target: HTMLElement) {
  const wrap = target.classList.contains('table-wrap') ? target : target.closest<HTMLElement>('.table-wrap');
  if (!wrap) return;
  const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
  if (scrolls !== wrap.hasAttribute('data-scrolls')) wrap.toggleAttribute('data-scrolls', scrolls);
  // A box that scrolls must be reachable by keyboard (WCAG 2.1.1): focusable itself when
  // nothing inside it is.
  if (scrolls && !wrap.hasAttribute('tabindex') && !wrap.querySelector(FOCUSABLE)) {
    wrap.setAttribute('tabindex', '0');
    if (!wrap.hasAttribute('aria-label') && !wrap.hasAttribute('aria-labelledby')) {
      const caption = wrap.querySelector('caption')?.textContent?.trim();
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', caption ? `${caption} (scrolls sideways)` : 'Table (scrolls sideways)');
    }
  }
}

