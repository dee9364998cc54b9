/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships wasm and data files and must not be bundled (STACK-NOTES pitfall 1);
  // argon2 is a native addon.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The Content-Security-Policy (with a per-request nonce) is set in proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          // Invitation links carry a token in the path: never send it to another site.
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), interest-cohort=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
