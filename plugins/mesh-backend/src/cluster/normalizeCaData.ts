import { InputError } from '@backstage/errors';
import { X509Certificate } from 'crypto';

const PEM_BLOCK =
  /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Accepts a CA bundle as PEM or as base64 of PEM (a kubeconfig's certificate-authority-data)
 * and returns PEM, after checking every certificate in it parses. Throws InputError naming `field`.
 */
export function normalizeCaData(input: string, field = 'caData'): string {
  let text = input.trim();
  if (!text.includes('-----BEGIN')) {
    const decoded = Buffer.from(text, 'base64').toString('utf8');
    if (!decoded.includes('-----BEGIN CERTIFICATE-----')) {
      throw new InputError(
        `${field} is neither a PEM certificate nor base64 of one`,
      );
    }
    text = decoded.trim();
  }
  const blocks = text.match(PEM_BLOCK);
  if (!blocks || blocks.length === 0) {
    throw new InputError(
      `${field} contains no "-----BEGIN CERTIFICATE-----" block`,
    );
  }
  blocks.map((block, i) => {
    try {
      // Parsing is the check; the certificate object itself is not needed.
      return new X509Certificate(block).subject;
    } catch {
      throw new InputError(
        `${field} certificate ${i + 1} of ${blocks.length} cannot be parsed`,
      );
    }
  });
  return `${blocks.join('\n')}\n`;
}
