import { describe, expect, it } from 'vitest';
import { systemBinary } from './system-binary.js';

describe('systemBinary', () => {
  it('finds the first path that exists', () => {
    const found = systemBinary({
      name: 'node',
      paths: ['/nonexistent/node', process.execPath],
      debianPackage: 'nodejs',
    });
    expect(found.path).toBe(process.execPath);
  });

  it('says where it looked and what to install when nothing exists', () => {
    const missing = systemBinary({
      name: 'redis-server',
      paths: ['/nonexistent/redis-server'],
      env: 'TOCSIN_TEST_NO_SUCH_VAR',
      debianPackage: 'redis-server',
    });
    expect(missing.path).toBeUndefined();
    expect(missing.missing).toContain('/nonexistent/redis-server');
    expect(missing.missing).toContain('apt-get install -y redis-server');
    expect(missing.missing).toContain('TOCSIN_TEST_NO_SUCH_VAR');
  });
});
