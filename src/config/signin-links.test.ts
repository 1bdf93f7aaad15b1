import { describe, expect, it } from 'vitest';
import { signinLinkProblem } from './signin-links.js';

describe('links shown next to a secret', () => {
  it('allows only Microsoft sign-in pages over https', () => {
    for (const ok of [
      'https://aka.ms/mysecurityinfo',
      'https://AKA.MS/MySecurityInfo/',
      'https://mysignins.microsoft.com/security-info',
      'https://login.microsoftonline.com/',
      'https://login.microsoftonline.us/',
      'https://login.partner.microsoftonline.cn/',
    ])
      expect(signinLinkProblem(ok), ok).toBeUndefined();
    for (const [bad, why] of [
      ['http://aka.ms/mysecurityinfo', /must use https/],
      ['https://aka.ms/anything-else', /aka\.ms\/anything-else is not a Microsoft sign-in page/],
      ['https://aka.ms/mysecurityinfo?redirect=evil', /not a Microsoft sign-in page/],
      ['https://mysignins.microsoft.com.evil.example/', /is not a Microsoft sign-in page/],
      ['https://evilmysignins.microsoft.com/', /is not a Microsoft sign-in page/],
      ['https://user:pw@login.microsoftonline.com/', /user name, password or port/],
      ['https://login.microsoftonline.com:8443/', /user name, password or port/],
      ['javascript:alert(1)', /must use https/],
      ['not a url', /is not a URL/],
    ] as const)
      expect(signinLinkProblem(bad), bad).toMatch(why);
  });
});
