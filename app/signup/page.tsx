import type { Metadata } from 'next';
import Link from 'next/link';
import { SignUpForm } from '@/components/forms/signup-form';

export const metadata: Metadata = { title: 'Create an agency' };

export default function SignUpPage() {
  return (
    <main id="main" className="narrow">
      <h1>Create your agency on Sustain</h1>
      <p className="lede">
        You will be the agency&apos;s admin. Next you create teams and invite your program directors and staff.
      </p>
      <div className="card">
        <SignUpForm />
      </div>
      <p>
        Already have an account? <Link href="/login">Sign in</Link>.
      </p>
    </main>
  );
}
