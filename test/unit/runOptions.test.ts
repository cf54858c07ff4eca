import * as assert from 'node:assert/strict';
import { certificateMatches, proxyParts } from '../../src/runs/engine/options';

describe('runtime options from settings', () => {
  describe('certificateMatches', () => {
    it('a host, with or without a port or wildcard, matches its https URLs', () => {
      assert.deepEqual(certificateMatches('api.example.com'), ['https://api.example.com/*']);
      assert.deepEqual(certificateMatches('api.example.com:8443'), ['https://api.example.com:8443/*']);
      assert.deepEqual(certificateMatches('*.example.com'), ['https://*.example.com/*']);
      assert.deepEqual(certificateMatches('localhost'), ['https://localhost/*']);
    });

    it('keeps only the host of a URL: its scheme (any case) and path are dropped', () => {
      assert.deepEqual(certificateMatches('https://api.example.com'), ['https://api.example.com/*']);
      assert.deepEqual(certificateMatches('HTTPS://api.example.com:8443/v1/orders?x=1'), ['https://api.example.com:8443/*']);
      assert.deepEqual(certificateMatches('http://api.example.com/'), ['https://api.example.com/*']);
      assert.deepEqual(certificateMatches('svn+ssh.x-1://host.example'), ['https://host.example/*']);
      assert.deepEqual(certificateMatches('api.example.com/path/to?u=http://other.example'), ['https://api.example.com/*']);
    });

    it('a scheme starts with a letter and sits at the start: anything else is not one', () => {
      assert.deepEqual(certificateMatches('1a://host.example'), ['https://1a:/*']);
      assert.deepEqual(certificateMatches('host:8443://x'), ['https://host:8443:/*']);
    });

    it('trims spaces around the host', () => {
      assert.deepEqual(certificateMatches('  https://api.example.com/x  '), ['https://api.example.com/*']);
      assert.deepEqual(certificateMatches('\t*.example.com\n'), ['https://*.example.com/*']);
    });

    it('nothing for an empty host, or one that is only a scheme or a path', () => {
      assert.deepEqual(certificateMatches(''), []);
      assert.deepEqual(certificateMatches('   '), []);
      assert.deepEqual(certificateMatches('https://'), []);
      assert.deepEqual(certificateMatches('/only/a/path'), []);
      assert.deepEqual(certificateMatches('https:///path'), []);
    });
  });

  describe('proxyParts', () => {
    it('host and port of an http proxy', () => {
      assert.deepEqual(proxyParts('http://proxy.example:3128'), { host: 'proxy.example', port: 3128, tunnel: false, authenticate: false });
    });

    it("the scheme's default port when none is given", () => {
      assert.deepEqual(proxyParts('http://proxy.example'), { host: 'proxy.example', port: 80, tunnel: false, authenticate: false });
      assert.deepEqual(proxyParts('https://proxy.example'), { host: 'proxy.example', port: 443, tunnel: false, authenticate: false });
      assert.deepEqual(proxyParts('https://proxy.example:443/'), { host: 'proxy.example', port: 443, tunnel: false, authenticate: false });
      assert.deepEqual(proxyParts('https://proxy.example:8443'), { host: 'proxy.example', port: 8443, tunnel: false, authenticate: false });
      assert.deepEqual(proxyParts('HTTPS://Proxy.Example'), { host: 'proxy.example', port: 443, tunnel: false, authenticate: false });
    });

    it('without a scheme, http', () => {
      assert.deepEqual(proxyParts('proxy.example:3128'), { host: 'proxy.example', port: 3128, tunnel: false, authenticate: false });
      assert.deepEqual(proxyParts('proxy.example'), { host: 'proxy.example', port: 80, tunnel: false, authenticate: false });
      assert.deepEqual(proxyParts('10.0.0.1:8080'), { host: '10.0.0.1', port: 8080, tunnel: false, authenticate: false });
    });

    it('credentials in the URL, percent-decoded', () => {
      assert.deepEqual(proxyParts('http://user:pass@proxy.example:3128'), {
        host: 'proxy.example',
        port: 3128,
        tunnel: false,
        authenticate: true,
        username: 'user',
        password: 'pass',
      });
      assert.deepEqual(proxyParts('https://dom%5Cuser:p%40ss%3Aw%2Frd@proxy.example'), {
        host: 'proxy.example',
        port: 443,
        tunnel: false,
        authenticate: true,
        username: 'dom\\user',
        password: 'p@ss:w/rd',
      });
      assert.deepEqual(proxyParts('me@proxy.example:3128'), {
        host: 'proxy.example',
        port: 3128,
        tunnel: false,
        authenticate: true,
        username: 'me',
        password: '',
      });
    });

    it('a password without a user name is not sent', () => {
      assert.deepEqual(proxyParts('http://:secret@proxy.example'), { host: 'proxy.example', port: 80, tunnel: false, authenticate: false });
    });

    it('IPv6 hosts keep their brackets', () => {
      assert.deepEqual(proxyParts('http://[::1]:3128'), { host: '[::1]', port: 3128, tunnel: false, authenticate: false });
    });

    it('undefined for a URL that cannot be read, so requests go direct', () => {
      assert.equal(proxyParts(''), undefined);
      assert.equal(proxyParts('http://'), undefined);
      assert.equal(proxyParts('http://proxy example:3128'), undefined);
      assert.equal(proxyParts('http://proxy.example:99999'), undefined);
      assert.equal(proxyParts('http://[::1'), undefined);
    });

    it('undefined for schemes other than http and https', () => {
      assert.equal(proxyParts('socks5://proxy.example:1080'), undefined);
      assert.equal(proxyParts('ftp://proxy.example'), undefined);
      assert.equal(proxyParts('file:///etc/proxy'), undefined);
      // "proxy:3128" with a scheme separator would read as the scheme "proxy:".
      assert.equal(proxyParts('proxy://host:3128'), undefined);
    });
  });
});
