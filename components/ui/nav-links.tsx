'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

export interface NavItem {
  href: string;
  label: string;
  /** Match sub-paths too (for sections with children). */
  prefix?: boolean;
  /** Other path prefixes that belong to this item (a team's page belongs to the dashboard). */
  also?: string[];
}

export function NavLinks({ items, label }: { items: NavItem[]; label: string }) {
  const pathname = usePathname();
  const list = useRef<HTMLUListElement>(null);
  // At phone width the nav is one row that scrolls sideways: bring the current page into view.
  useEffect(() => {
    const ul = list.current;
    const current = ul?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!ul || !current || ul.scrollWidth <= ul.clientWidth) return;
    const left = current.offsetLeft - ul.offsetLeft;
    if (left < ul.scrollLeft || left + current.offsetWidth > ul.scrollLeft + ul.clientWidth) ul.scrollLeft = left - 16;
  }, [pathname]);
  return (
    <nav className="main-nav" aria-label={label}>
      <ul ref={list}>
        {items.map((item) => {
          const current =
            (item.prefix ? pathname.startsWith(item.href) : pathname === item.href) || (item.also ?? []).some((p) => pathname.startsWith(p));
          return (
            <li key={item.href}>
              <Link href={item.href} aria-current={current ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
