// The demo directory: every unit the domain brief names, officers at all four tiers in each, city
// leaders, supervisors of the efficiency office, an integrator and an admin. Loaded into an empty
// database outside production only; its tokens are written to DATA_DIR/demo-tokens.json.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './client.js';
import { deputySections, principals, sections, units, windows } from './schema.js';
import { issueToken } from './tokens.js';
import { loadDemoVillages } from './villages-demo.js';
import { loadDemoCategories } from './categories-demo.js';

interface DemoUnit {
  id: string;
  name: string;
  nameEn: string;
  kind: 'department' | 'district' | 'town' | 'utility' | 'office';
  sections: [string, string][]; // [suffix, name]
  leader: string;
  /** Officer names: first-contact per section, chief per section, deputy, head. */
  people: string[];
}

const UNITS: DemoUnit[] = [
  { id: 'housing', name: '市住房和城乡建设局', nameEn: 'Housing and Urban-Rural Development Bureau', kind: 'department', sections: [['approval', '行政审批科'], ['fire', '建设工程消防科']], leader: 'city-vice-wang', people: ['李娜', '王强', '陈静', '刘洋', '周敏', '吴刚'] },
  { id: 'civil', name: '市民政局', nameEn: 'Civil Affairs Bureau', kind: 'department', sections: [['community', '社区办'], ['zoning', '区划地名科']], leader: 'city-vice-zhao', people: ['赵丽', '孙浩', '钱芳', '郑伟', '冯磊', '褚红'] },
  { id: 'planning', name: '市自然资源和规划局', nameEn: 'Natural Resources and Planning Bureau', kind: 'department', sections: [['registry', '不动产登记科'], ['planning', '规划科']], leader: 'city-vice-wang', people: ['卫东', '蒋琳', '沈杰', '韩梅', '杨帆', '朱军'] },
  { id: 'agriculture', name: '市农业农村局', nameEn: 'Agriculture and Rural Affairs Bureau', kind: 'department', sections: [['projects', '项目服务科'], ['rural', '农村经营科']], leader: 'city-vice-zhao', people: ['秦岭', '尤佳', '许诺', '何平', '吕梁', '施展'] },
  { id: 'housing-fund', name: '市住房公积金管理中心', nameEn: 'Housing Provident Fund Centre', kind: 'department', sections: [['service', '服务大厅'], ['loans', '贷款科']], leader: 'city-vice-wang', people: ['张悦', '孔明', '曹雪', '严肃', '华英', '金鑫'] },
  { id: 'finance', name: '市财政局', nameEn: 'Finance Bureau', kind: 'department', sections: [['budget', '预算科'], ['assets', '资产科']], leader: 'city-mayor', people: ['魏然', '陶然', '姜涛', '戚薇', '谢安', '邹凯'] },
  { id: 'market', name: '市市场监督管理局', nameEn: 'Market Supervision Bureau', kind: 'department', sections: [['registration', '登记注册科'], ['licensing', '许可科']], leader: 'city-mayor', people: ['喻言', '柏松', '水清', '窦文', '章程', '云飞'] },
  { id: 'tongguan', name: '铜官区人民政府', nameEn: 'Tongguan District Government', kind: 'district', sections: [['office', '区政府办'], ['archives', '档案馆']], leader: 'city-vice-zhao', people: ['苏州', '潘安', '葛亮', '奚落', '范进', '彭湃'] },
  { id: 'yian', name: '义安区人民政府', nameEn: "Yi'an District Government", kind: 'district', sections: [['office', '区政府办'], ['archives', '档案馆']], leader: 'city-vice-zhao', people: ['郎朗', '鲁迅', '韦唯', '昌盛', '马力', '苗苗'] },
  { id: 'jiaoqu', name: '郊区人民政府', nameEn: 'Suburban District Government', kind: 'district', sections: [['office', '区政府办'], ['towns', '乡镇工作科']], leader: 'city-vice-zhao', people: ['凤霞', '花荣', '方正', '俞伯', '任重', '袁野'] },
  { id: 'devzone', name: '铜陵经济技术开发区管委会', nameEn: 'Economic Development Zone Committee', kind: 'district', sections: [['investment', '招商服务局'], ['construction', '建设局']], leader: 'city-mayor', people: ['柳青', '酆都', '鲍勃', '史进', '唐僧', '费翔'] },
  { id: 'gas', name: '铜陵市燃气公司', nameEn: 'City Gas Company', kind: 'utility', sections: [['connections', '用户报装部'], ['engineering', '工程部']], leader: 'city-vice-wang', people: ['廉洁', '岑参', '薛涛', '雷雨', '贺岁', '倪虹'] },
  { id: 'data-bureau', name: '市数据资源管理局', nameEn: 'Data Resources Bureau', kind: 'department', sections: [['hotline', '12345热线科'], ['platform', '平台科']], leader: 'city-mayor', people: ['汤圆', '滕王', '殷实', '罗盘', '毕升', '郝运'] },
  { id: 'shuncheng', name: '顺安镇人民政府', nameEn: "Shun'an Town Government", kind: 'town', sections: [['reception', '村干部跑办代访中心'], ['affairs', '党政办']], leader: 'city-vice-zhao', people: ['邬江', '安然', '常青', '乐天', '于谦', '时雨'] },
];

const CITY_LEADERS = [
  { id: 'city-mayor', name: '市长 林正' },
  { id: 'city-vice-wang', name: '副市长 王建国' },
  { id: 'city-vice-zhao', name: '副市长 赵卫民' },
];


/**
 * Loads the demo directory if the database has no units. Returns the tokens it issued, or null.
 * Never in production: there the first admin comes from `npm run bootstrap:admin` and the directory
 * from the admin API (or its CSV import). Demo tokens have no expiry: they are for development,
 * tests and benchmarks, and are written to DATA_DIR/demo-tokens.json.
 */
export async function loadDemoDirectory(db: Db, opts: { dataDir?: string; production?: boolean; now?: Date } = {}): Promise<Record<string, string> | null> {
  if (opts.production) return null;
  const now = opts.now ?? new Date();
  const issued: Record<string, string> = {};
  const issue = async (principalId: string) => {
    issued[principalId] = (await issueToken(db, { id: principalId }, { label: 'demo', now, expires: false })).token;
  };
  // IMMEDIATE: when the worker and the API start together on an empty file, one loads, one sees it done.
  const loaded = (await db.tx(async () => {
    if ((await db.select({ id: units.id }).from(units).limit(1)).length > 0) return false;
    await db.insert(units).values({ id: 'efficiency', name: '市效能办', nameEn: 'Efficiency Office', kind: 'office', cityLeaderId: 'city-mayor' });
    for (const u of UNITS) {
      await db.insert(units).values({ id: u.id, name: u.name, nameEn: u.nameEn, kind: u.kind, cityLeaderId: u.leader });
      const [fc1, fc2, chief1, chief2, deputy, head] = u.people;
      const secIds: string[] = [];
      for (const [suffix, name] of u.sections) {
        const id = `${u.id}.${suffix}`;
        await db.insert(sections).values({ id, unitId: u.id, name });
        secIds.push(id);
      }
      const add = async (id: string, name: string, role: string, sectionId: string | null) =>
        (await db.insert(principals).values({ id, name, role, unitId: u.id, sectionId, phone: `1390562${String(Object.keys(issued).length).padStart(4, '0')}` }));
      await add(`${u.id}.fc1`, fc1, 'first_contact', secIds[0]);
      await add(`${u.id}.fc2`, fc2, 'first_contact', secIds[1]);
      await add(`${u.id}.chief1`, chief1, 'section_chief', secIds[0]);
      await add(`${u.id}.chief2`, chief2, 'section_chief', secIds[1]);
      await add(`${u.id}.deputy`, deputy, 'deputy_head', null);
      await add(`${u.id}.head`, head, 'principal_head', null);
      for (const s of secIds) await db.insert(deputySections).values({ deputyId: `${u.id}.deputy`, sectionId: s });
      for (const p of ['fc1', 'fc2', 'chief1', 'chief2', 'deputy', 'head']) await issue(`${u.id}.${p}`);
      await db.insert(windows).values({ code: `W-${u.id}-01`, unitId: u.id, name: `${u.name} 综合窗口1号` });
    }
    for (const l of CITY_LEADERS) {
      await db.insert(principals).values({ id: l.id, name: l.name, role: 'city_leader' });
      await issue(l.id);
    }
    for (const [id, name] of [['sup-1', '效能办 督查员 甘霖'], ['sup-2', '效能办 督查员 路遥']]) {
      await db.insert(principals).values({ id, name, role: 'supervisor', unitId: 'efficiency' });
      await issue(id);
    }
    await db.insert(principals).values({ id: 'int-12345', name: '12345 政务服务便民热线平台', role: 'integrator' });
    await issue('int-12345');
    await db.insert(principals).values({ id: 'admin', name: '系统管理员', role: 'admin' });
    await issue('admin');
    return true;
  }));
  await loadDemoVillages(db); // villages of the demo towns, also into a directory loaded before they existed
  await loadDemoCategories(db, now); // the catalogue of categories (派单目录), likewise
  if (!loaded) return null;
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(join(opts.dataDir, 'demo-tokens.json'), JSON.stringify(issued, null, 2) + '\n', { mode: 0o600 });
  }
  return issued;
}
