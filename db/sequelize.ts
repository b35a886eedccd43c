import { Sequelize } from 'sequelize';

export function createSequelize(databaseUrl: string, options: { poolMax?: number } = {}): Sequelize {
  return new Sequelize(databaseUrl, {
    dialect: 'postgres',
    logging: false,
    pool: { max: options.poolMax ?? 20, min: 0, idle: 10_000, acquire: 30_000 },
    dialectOptions: { application_name: '5g-factory' },
  });
}
