import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { TableScrollHints } from '@/components/ui/table-scroll-hints';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Sustain', template: '%s · Sustain' },
  description: 'Confidential wellbeing check-ins and anonymized team insights for agencies serving survivors of human trafficking.',
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request headers makes every page dynamic, which the per-request CSP nonce needs.
  await headers();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        {children}
        <TableScrollHints />
      </body>
    </html>
  );
}
